import { isRecord } from './registry';

/**
 * The sub-schemas that describe the value at `segments` inside `schema`, following `properties`,
 * `items` and the options of `anyOf` / `oneOf` / `allOf` (TypeBox unions and intersections).
 */
export function schemasAt(schema: unknown, segments: readonly string[]): Record<string, unknown>[] {
  let current = expand(schema);
  for (const segment of segments) {
    const next: Record<string, unknown>[] = [];
    for (const candidate of current) {
      const properties = candidate.properties;
      if (isRecord(properties) && segment in properties) next.push(...expand(properties[segment]));
      else if (/^\d+$/.test(segment) && candidate.items !== undefined) next.push(...expand(candidate.items));
    }
    current = next;
  }
  return current;
}

/** The property names a schema allows at `segments`: the vocabulary "did you mean" picks from. */
export function allowedKeysAt(schema: unknown, segments: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, segments)) {
    if (isRecord(candidate.properties)) for (const key of Object.keys(candidate.properties)) keys.add(key);
  }
  return [...keys];
}

function expand(schema: unknown): Record<string, unknown>[] {
  if (!isRecord(schema)) return [];
  const options: Record<string, unknown>[] = [schema];
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const option of list) options.push(...expand(option));
  }
  return options;
}

/** The value at a JSON pointer's segments, or undefined when the path does not exist. */
export function valueAt(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isRecord(current)) current = current[segment];
    else return undefined;
  }
  return current;
}
