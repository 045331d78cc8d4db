import type { Language } from '../../runtime/model/localized';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function localized(value: unknown, lang: Language): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value[lang] === 'string') return value[lang];
  return undefined;
}

/** The widgets a config schema can ask for with `x-widget`, mapped to form widgets. */
const WIDGETS: Record<string, string> = {
  template: 'TemplateWidget',
  textarea: 'TemplateWidget',
  variable: 'text',
  cron: 'text',
};

export interface FormSchemas {
  schema: Json;
  uiSchema: Json;
}

/**
 * Turns a node's config schema into what the form library reads: `x-label` / `x-help` become
 * `title` / `description` in the user's language, `x-widget` / `x-secret` / `x-placeholder`
 * become uiSchema entries, and the `x-*` keywords are dropped (the form's Ajv runs in strict mode).
 */
export function toFormSchemas(schema: unknown, lang: Language): FormSchemas {
  const uiSchema: Json = {};
  const converted = convert(schema, lang, uiSchema);
  return { schema: isRecord(converted) ? converted : { type: 'object' }, uiSchema };
}

function convert(schema: unknown, lang: Language, ui: Json): unknown {
  if (Array.isArray(schema)) return schema.map((item) => convert(item, lang, {}));
  if (!isRecord(schema)) return schema;
  schema = templateAsText(schema);
  if (!isRecord(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-')) continue;
    if (key === 'properties' && isRecord(value)) {
      const properties: Json = {};
      for (const [name, propertySchema] of Object.entries(value)) {
        const childUi: Json = {};
        properties[name] = convert(propertySchema, lang, childUi);
        if (Object.keys(childUi).length > 0) ui[name] = childUi;
      }
      out.properties = properties;
    } else if (key === 'items' && isRecord(value)) {
      const itemsUi: Json = {};
      out.items = convert(value, lang, itemsUi);
      if (Object.keys(itemsUi).length > 0) ui.items = itemsUi;
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value) && isConstantList(value)) {
      // A union of constants is a pick list: the form shows a select of `enum` values.
      out.enum = value.map((variant) => (isRecord(variant) ? variant.const : undefined));
      const types = new Set(value.map((variant) => (isRecord(variant) ? variant.type : undefined)));
      const [onlyType] = [...types];
      if (types.size === 1 && typeof onlyType === 'string') out.type = onlyType;
      const names = value.map((variant) =>
        isRecord(variant)
          ? (localized(variant['x-label'], lang) ??
            (typeof variant.title === 'string' ? variant.title : undefined))
          : undefined,
      );
      if (names.some((name) => name !== undefined)) {
        ui['ui:enumNames'] = names.map((name, i) => name ?? String(isRecord(value[i]) ? value[i].const : ''));
      }
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((variant, index) => {
        const converted = convert(variant, lang, {});
        return isRecord(converted) &&
          isRecord(variant) &&
          converted.title === undefined &&
          !('const' in variant)
          ? { ...converted, title: variantTitle(variant, lang, index) }
          : converted;
      });
    } else if (key === 'then' || key === 'else' || key === 'if' || key === 'not') {
      out[key] = convert(value, lang, {});
    } else if (key === 'allOf' && Array.isArray(value)) {
      out[key] = value.map((item) => convert(item, lang, {}));
    } else {
      out[key] = value;
    }
  }
  const title = localized(schema['x-label'], lang);
  const help = localized(schema['x-help'], lang);
  if (title !== undefined) out.title = title;
  if (help !== undefined) out.description = help;
  if (schema['x-widget'] === 'conditions') ui['ui:field'] = 'ConditionsField';
  const widget = typeof schema['x-widget'] === 'string' ? WIDGETS[schema['x-widget']] : undefined;
  if (widget) ui['ui:widget'] = widget;
  if (schema['x-widget'] === 'textarea' || schema['x-widget'] === 'template') {
    ui['ui:options'] = {
      multiline: schema['x-widget'] === 'textarea',
      template: schema['x-widget'] === 'template',
    };
  }
  if (schema['x-secret'] === true) ui['ui:widget'] = 'password';
  if (typeof schema['x-placeholder'] === 'string') ui['ui:placeholder'] = schema['x-placeholder'];
  const enumLabels = schema['x-enum-labels'];
  if (Array.isArray(schema.enum) && isRecord(enumLabels)) {
    ui['ui:enumNames'] = schema.enum.map(
      (value) => localized(enumLabels[String(value)], lang) ?? String(value),
    );
  }
  return out;
}

/**
 * A template field that may also hold a number or a boolean (`logic.set` values) is typed text in
 * the form: people write `100` or `{{ vars.total }}`, and a union picker would only confuse them.
 */
function templateAsText(schema: Json): Json {
  const variants = schema.anyOf;
  if (schema['x-widget'] !== 'template' || !Array.isArray(variants)) return schema;
  const text: unknown = variants.find((v) => isRecord(v) && v.type === 'string');
  if (!isRecord(text)) return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  return { ...rest, ...text };
}

function isConstantList(variants: unknown[]): boolean {
  return variants.length > 0 && variants.every((v) => isRecord(v) && 'const' in v);
}

/** A name for one choice of a union of objects: its own label, else the labels of its first fields. */
function variantTitle(variant: Json, lang: Language, index: number): string {
  const own = localized(variant['x-label'], lang);
  if (own) return own;
  const properties = isRecord(variant.properties) ? Object.values(variant.properties) : [];
  const labels = properties
    .map((p) => (isRecord(p) ? localized(p['x-label'], lang) : undefined))
    .filter((label): label is string => Boolean(label))
    .slice(0, 2);
  return labels.length > 0 ? labels.join(' / ') : `#${index + 1}`;
}
