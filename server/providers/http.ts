import { NodeError } from '../../runtime/model/errors';

/** An answer from a provider's API: the status, its JSON body (undefined when empty) and headers. */
export interface ProviderResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * One HTTP call to a provider. A 429 (or 503 with Retry-After) becomes a retryable NodeError
 * carrying the server's Retry-After, so the run's retry policy waits it out: nothing accepted is
 * dropped, and the node is not repeated before the provider allows it.
 */
export async function providerFetch(options: {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  provider: string;
}): Promise<ProviderResponse> {
  const response = await fetch(options.url, {
    method: options.method,
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  if (response.status === 429 || (response.status === 503 && response.headers.has('retry-after'))) {
    throw rateLimited({ provider: options.provider, retryAfter: response.headers.get('retry-after') });
  }
  return { status: response.status, body, headers: response.headers };
}

/** The retryable error for a provider's rate limit; `retryAfter` is seconds or an HTTP date. */
export function rateLimited(input: {
  provider: string;
  retryAfter: string | null;
  fallbackMs?: number;
}): NodeError {
  const retryAfterMs = retryAfterToMs(input.retryAfter) ?? input.fallbackMs ?? 60_000;
  return new NodeError({
    code: 'rate_limited',
    retryable: true,
    retryAfterMs,
    message: {
      ja: `${input.provider} の API 呼び出し上限に達しました。${Math.ceil(retryAfterMs / 1000)} 秒後にやり直します。`,
      en: `${input.provider} rate limit reached; retrying in ${Math.ceil(retryAfterMs / 1000)} s.`,
    },
  });
}

function retryAfterToMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A string or number from a provider's JSON as text; anything else gives `fallback`. */
export function scalarText(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

/** The first element of `body[key]` when it is an array (Zoho's `data: [...]`). */
export function firstItem(body: unknown, key: string): unknown {
  if (typeof body !== 'object' || body === null || !(key in body)) return undefined;
  const list: unknown = Reflect.get(body, key);
  if (!Array.isArray(list)) return undefined;
  const items: readonly unknown[] = list;
  return items[0];
}
