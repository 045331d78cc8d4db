import { toErrorSchema } from '@rjsf/utils';
import type {
  CustomValidator,
  ErrorTransformer,
  RJSFSchema,
  RJSFValidationError,
  UiSchema,
  ValidationData,
  ValidatorType,
} from '@rjsf/utils';

/**
 * A JSON Schema validator for the config forms that interprets the schema instead of compiling
 * it. Ajv compiles schemas with `new Function`, which the server's Content Security Policy
 * (script-src 'self', no 'unsafe-eval') rightly forbids in the browser. It covers the keywords node
 * config schemas use; the server still validates every document with Ajv on save and publish.
 */

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SchemaError {
  keyword: string;
  /** Instance path as segments. */
  path: (string | number)[];
  schemaPath: string;
  params: Record<string, unknown>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FORMATS: Record<string, (value: string) => boolean> = {
  email: (v) => EMAIL.test(v),
  uri: (v) => {
    try {
      return Boolean(new URL(v).protocol);
    } catch {
      return false;
    }
  },
  'date-time': (v) => !Number.isNaN(Date.parse(v)) && /T/.test(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

function resolveRef(schema: Json, root: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#')) return schema;
  let target: unknown = root;
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    target = isRecord(target) ? target[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isRecord(target) ? target : {};
}

/** Every error of `value` against `schema` (empty when valid). */
export function validateValue(o: {
  schema: unknown;
  value: unknown;
  root?: unknown;
  path?: (string | number)[];
  schemaPath?: string;
}): SchemaError[] {
  const root = isRecord(o.root) ? o.root : isRecord(o.schema) ? o.schema : {};
  const errors: SchemaError[] = [];
  check(o.schema, o.value, o.path ?? [], o.schemaPath ?? '#');
  return errors;

  function fail(keyword: string, path: (string | number)[], schemaPath: string, params: Json = {}): void {
    errors.push({ keyword, path, schemaPath: `${schemaPath}/${keyword}`, params });
  }

  function check(rawSchema: unknown, value: unknown, path: (string | number)[], schemaPath: string): void {
    if (rawSchema === false) return fail('false schema', path, schemaPath);
    if (!isRecord(rawSchema)) return;
    const schema = resolveRef(rawSchema, root);
    if (value === undefined) return;
    if (schema.type !== undefined && !typeMatches(schema.type, value)) {
      return fail('type', path, schemaPath, { type: schema.type });
    }
    if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
      fail('const', path, schemaPath, { allowedValue: schema.const });
    }
    if (
      Array.isArray(schema.enum) &&
      !schema.enum.some((item) => JSON.stringify(item) === JSON.stringify(value))
    ) {
      fail('enum', path, schemaPath, { allowedValues: schema.enum });
    }
    if (typeof value === 'string') checkString(schema, value, path, schemaPath);
    if (typeof value === 'number') checkNumber(schema, value, path, schemaPath);
    if (Array.isArray(value)) checkArray(schema, value, path, schemaPath);
    if (isRecord(value)) checkObject(schema, value, path, schemaPath);
    checkCombinators(schema, value, path, schemaPath);
  }

  function checkString(schema: Json, value: string, path: (string | number)[], at: string): void {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) {
      fail(length === 0 ? 'required' : 'minLength', path, at, { limit: schema.minLength });
    }
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      fail('maxLength', path, at, { limit: schema.maxLength });
    if (typeof schema.pattern === 'string') {
      let ok = true;
      try {
        ok = new RegExp(schema.pattern, 'u').test(value);
      } catch {
        ok = true;
      }
      if (!ok) fail('pattern', path, at, { pattern: schema.pattern });
    }
    if (typeof schema.format === 'string') {
      const test = FORMATS[schema.format];
      if (test && !test(value)) fail('format', path, at, { format: schema.format });
    }
  }

  function checkNumber(schema: Json, value: number, path: (string | number)[], at: string): void {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      fail('minimum', path, at, { limit: schema.minimum });
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      fail('maximum', path, at, { limit: schema.maximum });
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
      fail('minimum', path, at, { limit: schema.exclusiveMinimum });
    }
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
      fail('maximum', path, at, { limit: schema.exclusiveMaximum });
    }
    if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0 && value % schema.multipleOf !== 0) {
      fail('multipleOf', path, at, { multipleOf: schema.multipleOf });
    }
  }

  function checkArray(schema: Json, value: unknown[], path: (string | number)[], at: string): void {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      fail('minItems', path, at, { limit: schema.minItems });
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      fail('maxItems', path, at, { limit: schema.maxItems });
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      fail('uniqueItems', path, at);
    }
    if (isRecord(schema.items))
      value.forEach((item, index) => check(schema.items, item, [...path, index], `${at}/items`));
  }

  function checkObject(schema: Json, value: Json, path: (string | number)[], at: string): void {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) {
      for (const key of schema.required) {
        if (typeof key === 'string' && value[key] === undefined)
          fail('required', [...path, key], at, { missingProperty: key });
      }
    }
    for (const [key, inner] of Object.entries(value)) {
      if (key in properties) check(properties[key], inner, [...path, key], `${at}/properties/${key}`);
      else if (schema.additionalProperties === false)
        fail('additionalProperties', [...path, key], at, { additionalProperty: key });
      else if (isRecord(schema.additionalProperties))
        check(schema.additionalProperties, inner, [...path, key], `${at}/additionalProperties`);
    }
  }

  function checkCombinators(schema: Json, value: unknown, path: (string | number)[], at: string): void {
    if (Array.isArray(schema.allOf))
      schema.allOf.forEach((part, i) => check(part, value, path, `${at}/allOf/${i}`));
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const variants = schema[keyword];
      if (!Array.isArray(variants)) continue;
      const results = variants.map((variant, i) =>
        validateValue({ schema: variant, value, root, path, schemaPath: `${at}/${keyword}/${i}` }),
      );
      const passing = results.filter((r) => r.length === 0).length;
      if (keyword === 'anyOf' ? passing > 0 : passing === 1) continue;
      if (passing > 1) {
        fail('oneOf', path, at);
        continue;
      }
      // A choice of constants is a pick list: "choose one of the options". Otherwise report the
      // errors of the closest variant, so a rule with a bad field names that field.
      if (variants.every((v) => isRecord(v) && 'const' in v)) {
        fail('enum', path, at, { allowedValues: variants.map((v) => (isRecord(v) ? v.const : undefined)) });
        continue;
      }
      const closest = results.reduce((best, r) => (r.length < best.length ? r : best));
      errors.push(...closest);
    }
    if (schema.if !== undefined) {
      const holds = validateValue({ schema: schema.if, value, root }).length === 0;
      const branch = holds ? schema.then : schema.else;
      if (branch !== undefined) check(branch, value, path, `${at}/${holds ? 'then' : 'else'}`);
    }
    if (schema.not !== undefined && validateValue({ schema: schema.not, value, root }).length === 0)
      fail('not', path, at);
  }
}

function propertyOf(path: (string | number)[]): string {
  return path.map((segment) => `.${segment}`).join('');
}

/** Converts our errors to the form library's, with a plain English message as a fallback. */
export function toFormErrors(errors: readonly SchemaError[]): RJSFValidationError[] {
  return errors.map((error) => {
    const property = propertyOf(error.path);
    const message = error.keyword;
    return {
      name: error.keyword,
      property,
      message,
      params: error.params,
      stack: `${property} ${message}`.trim(),
      schemaPath: error.schemaPath,
    };
  });
}

/** The form library's validator interface over `validateValue`. */
export class InterpretingValidator implements ValidatorType {
  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    _customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema,
  ): ValidationData<unknown> {
    let errors = toFormErrors(validateValue({ schema, value: formData }));
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    return { errors, errorSchema: toErrorSchema(errors) };
  }

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return validateValue({ schema, value: formData, root: rootSchema }).length === 0;
  }

  /** Only the form playground calls this; the editor reads errors through validateFormData. */
  rawValidation<Result = unknown>(): { errors?: Result[]; validationError?: Error } {
    return {};
  }
}
