import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';

/** The form annotations of a field: its label, and help text when given. */
export function field(label: Localized, help?: Localized): { 'x-label': Localized; 'x-help'?: Localized } {
  return help ? { 'x-label': label, 'x-help': help } : { 'x-label': label };
}

/**
 * A JSON Schema rule making `require` mandatory when `field` equals `value` (e.g. the secret of
 * a webhook with HMAC auth). Written so Ajv's strict mode accepts it.
 */
export function requiredWhen(o: { field: string; value: string; require: readonly string[] }): {
  if: Record<string, unknown>;
  then: Record<string, unknown>;
} {
  return {
    if: { type: 'object', properties: { [o.field]: { const: o.value } }, required: [o.field] },
    then: {
      type: 'object',
      properties: Object.fromEntries(o.require.map((name) => [name, true])),
      required: [...o.require],
    },
  };
}

/**
 * A variable name as templates read it (`vars.name`). `__proto__` is refused: setting it on a
 * plain object would change the object's prototype instead of adding a variable.
 */
export function variableNameSchema(label: Localized) {
  return Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]*$',
    'x-widget': 'variable',
    ...field(label, {
      ja: '半角英数字と _ （先頭は英字か _）。テンプレートでは {{ vars.名前 }} で参照します。',
      en: 'Letters, digits and _ (not starting with a digit). Templates read it as {{ vars.name }}.',
    }),
  });
}

/**
 * A name that becomes a branch (switch case, router rule, choice option). No templates: the
 * branch names are read from the saved document, so they must not change at run time.
 */
export function branchNameSchema(label: Localized, maxLength = 80) {
  return Type.String({
    minLength: 1,
    maxLength,
    pattern: '^(?![\\s\\S]*(?:\\{\\{|\\{%))[\\s\\S]*\\S[\\s\\S]*$',
    ...field(label, {
      ja: '分岐の名前になります。テンプレート（{{ }}）は使えません。',
      en: 'Becomes the name of a branch. Templates ({{ }}) are not allowed.',
    }),
  });
}

/** HTTP header names as RFC 9110 spells a token. */
export const HEADER_NAME_PATTERN = "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$";

/** A list of name/value pairs (query parameters, headers). */
export function nameValueListSchema(label: Localized) {
  const itemFields = {
    name: Type.String({ minLength: 1, maxLength: 200, ...field({ ja: '名前', en: 'Name' }) }),
    value: Type.String({ maxLength: 10_000, 'x-widget': 'template', ...field({ ja: '値', en: 'Value' }) }),
  };
  return Type.Array(Type.Object(itemFields, { additionalProperties: false }), {
    maxItems: 100,
    ...field(label),
  });
}
