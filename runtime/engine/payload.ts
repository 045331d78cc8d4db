import { isRecord } from './registry';

export const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear (headers, API answers, configs). */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|password|passwd|secret|client_secret|token|access_token|refresh_token|api[-_]?key|x-api-key)$/i;

/**
 * The config paths a schema marks `x-secret`, as key lists; `*` stands for any array item.
 * Computed once per node type.
 */
export function secretPaths(schema: unknown, prefix: string[] = []): string[][] {
  if (!isRecord(schema)) return [];
  if (schema['x-secret'] === true) return [prefix];
  const paths: string[][] = [];
  const properties = schema.properties;
  if (isRecord(properties)) {
    for (const [key, child] of Object.entries(properties))
      paths.push(...secretPaths(child, [...prefix, key]));
  }
  if (schema.items !== undefined) paths.push(...secretPaths(schema.items, [...prefix, '*']));
  return paths;
}

/** A copy with secret values replaced: schema-marked paths and well-known secret keys. */
export function redact(value: unknown, paths: readonly string[][] = []): unknown {
  let result = redactKnownKeys(value);
  for (const path of paths) result = redactPath(result, path);
  return result;
}

function redactKnownKeys(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => redactKnownKeys(item, depth + 1));
  if (!isRecord(value)) return value;
  let copy: Record<string, unknown> | undefined;
  // A `{ name, value, secret: true }` item: a header or parameter the user marked secret.
  const markedSecret = value.secret === true;
  for (const key of Object.keys(value)) {
    const child = value[key];
    const secret = (SECRET_KEY.test(key) && typeof child !== 'boolean') || (markedSecret && key === 'value');
    const next = secret && child !== '' && child != null ? REDACTED : redactKnownKeys(child, depth + 1);
    if (next !== child) {
      copy ??= { ...value };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

function redactPath(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value === undefined || value === '' ? value : REDACTED;
  if (head === '*') return Array.isArray(value) ? value.map((item) => redactPath(item, rest)) : value;
  if (!isRecord(value) || !(head in value)) return value;
  return { ...value, [head]: redactPath(value[head], rest) };
}

export interface TruncatedPayload {
  truncated: true;
  bytes: number;
  preview: string;
}

const PREVIEW_CHARS = 1000;

/**
 * Keeps run records small: a value whose JSON is over `limitBytes` is replaced by its size and
 * the start of its text, so a 10 MB API answer never bloats the history.
 */
export function limitPayload(value: unknown, limitBytes: number): unknown {
  // An upper bound found by a short walk clears almost every payload without serialising it.
  if (sizeBoundWithin(value, limitBytes)) return value;
  const text = JSON.stringify(value) ?? '';
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most payloads are cleared without encoding them.
  if (text.length * 3 <= limitBytes) return value;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= limitBytes) return value;
  const truncated: TruncatedPayload = { truncated: true, bytes, preview: text.slice(0, PREVIEW_CHARS) };
  return truncated;
}

/**
 * True when the UTF-8 JSON of `value` surely fits in `limitBytes`: strings count 18 bytes per
 * UTF-16 unit (a \\uXXXX escape of a 3-byte character), everything else generously. Gives up
 * (false) past the budget or on deep values, leaving the exact check to the caller.
 */
function sizeBoundWithin(value: unknown, limitBytes: number): boolean {
  let budget = limitBytes;
  const stack: unknown[] = [value];
  let visited = 0;
  while (stack.length > 0) {
    if (++visited > 1000) return false;
    const item = stack.pop();
    if (typeof item === 'string') budget -= item.length * 18 + 2;
    else if (Array.isArray(item)) {
      budget -= 2 + item.length;
      for (const child of item) stack.push(child);
    } else if (isRecord(item)) {
      for (const key of Object.keys(item)) {
        budget -= key.length * 18 + 4;
        stack.push(item[key]);
      }
      budget -= 2;
    } else budget -= 24;
    if (budget < 0) return false;
  }
  return true;
}
