function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The config a new node starts with: every `default` in its schema, and required objects and
 * lists created empty so the form has something to fill. Required text stays absent, so the
 * problem list says what is missing instead of the node silently holding an empty value.
 */
export function defaultConfig(schema: unknown): Record<string, unknown> {
  const value = defaultValue(schema, true);
  return isRecord(value) ? value : {};
}

function defaultValue(schema: unknown, required: boolean): unknown {
  if (!isRecord(schema)) return undefined;
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.type === 'object' || isRecord(schema.properties)) {
    if (!required) return undefined;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const requiredKeys = Array.isArray(schema.required) ? schema.required : [];
    const out: Record<string, unknown> = {};
    for (const [key, propertySchema] of Object.entries(properties)) {
      const value = defaultValue(propertySchema, requiredKeys.includes(key));
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (schema.type === 'array' && required) return [];
  return undefined;
}
