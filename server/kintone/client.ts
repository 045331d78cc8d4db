import { isRecord } from '../../runtime/engine/registry';

/**
 * A kintone REST API client: API tokens (≤ 9, comma-separated in one header), optional Basic auth
 * for tenants behind IP restriction, retries with backoff on 429 / GAIA_TO04 / 5xx, and errors that
 * carry kintone's `code` (never branch on the localised message).
 */

export const MAX_TOKENS_PER_REQUEST = 9;

export interface KintoneCredentials {
  /** API tokens; several apps' tokens may be sent together (at most 9). */
  tokens: string[];
  basicAuth?: { user: string; password: string };
}

export interface KintoneClientOptions extends KintoneCredentials {
  /** `https://<sub>.cybozu.com`, or any base URL (tests use the emulator's). */
  baseUrl: string;
  /** Attempts in all, the first included. */
  attempts?: number;
  initialDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export type KintoneMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A refusal from kintone (or the network) with its code; `errors` holds CB_VA01 details. */
export class KintoneError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: Record<string, string[]>;
  readonly retryable: boolean;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    errors?: Record<string, string[]>;
    retryable?: boolean;
  }) {
    super(options.message);
    this.name = 'KintoneError';
    this.status = options.status;
    this.code = options.code;
    this.errors = options.errors ?? {};
    this.retryable = options.retryable ?? false;
  }
}

/** Whether kintone asks us to come back later: the concurrency limit or a server fault. */
export function isRetryable(status: number, code: string): boolean {
  if (code === 'GAIA_TO04' || status === 429) return true;
  // 520 is an old tenant's way of saying GAIA_IA02 (bad token): retrying does not help.
  return status >= 500 && status !== 520;
}

/** `acme` → `https://acme.cybozu.com`; a `*.cybozu.com` / `*.kintone.com` host or a full URL as given. */
export function kintoneBaseUrl(domain: string): string {
  const trimmed = domain.trim().replace(/\/+$/, '');
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  if (/^[a-z0-9-]+\.(cybozu\.com|kintone\.com|cybozu\.cn|kintone-dev\.com)$/i.test(trimmed))
    return `https://${trimmed}`;
  if (/^[a-z0-9-]+$/i.test(trimmed)) return `https://${trimmed}.cybozu.com`;
  throw new KintoneError({
    status: 0,
    code: 'invalid_domain',
    message: `"${domain}" is not a kintone domain (e.g. example.cybozu.com).`,
  });
}

function flattenErrors(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    const messages = isRecord(entry) && Array.isArray(entry.messages) ? entry.messages.map(String) : [];
    out[key] = messages;
  }
  return out;
}

/** Query string of a GET: `fields[0]=a&fields[1]=b` for arrays, like kintone's own SDK. */
function toSearch(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((item, index) => search.append(`${key}[${index}]`, String(item)));
    else if (value !== undefined)
      search.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return search.toString();
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface KintoneClient {
  request(method: KintoneMethod, path: string, body?: Record<string, unknown>): Promise<unknown>;
}

/** A client bound to one base URL and credentials. */
export function createKintoneClient(options: KintoneClientOptions): KintoneClient {
  if (options.tokens.length === 0 && !options.basicAuth) {
    throw new KintoneError({ status: 0, code: 'no_token', message: 'No API token is configured.' });
  }
  if (options.tokens.length > MAX_TOKENS_PER_REQUEST) {
    throw new KintoneError({
      status: 0,
      code: 'too_many_tokens',
      message: `At most ${MAX_TOKENS_PER_REQUEST} API tokens can be sent at once.`,
    });
  }
  const attempts = options.attempts ?? 5;
  const initialDelay = options.initialDelayMs ?? 250;
  const sleep = options.sleep ?? defaultSleep;
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (options.tokens.length > 0) headers['x-cybozu-api-token'] = options.tokens.join(',');
  if (options.basicAuth) {
    headers.authorization = `Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`;
  }
  const base = options.baseUrl.replace(/\/+$/, '');

  async function once(method: KintoneMethod, path: string, body?: Record<string, unknown>): Promise<unknown> {
    let url = `${base}${path}`;
    let sendMethod: string = method;
    const requestHeaders = { ...headers };
    let payload: string | undefined;
    if (method === 'GET' && body) {
      const search = toSearch(body);
      // A long GET goes as POST with the override header (kintone refuses URIs past ~8 KB).
      if (search.length > 4000) {
        sendMethod = 'POST';
        requestHeaders['x-http-method-override'] = 'GET';
        requestHeaders['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      } else url = `${url}?${search}`;
    } else if (body) {
      requestHeaders['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: sendMethod,
        headers: requestHeaders,
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new KintoneError({
        status: 0,
        code: 'network_error',
        message: `kintone could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        retryable: true,
      });
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok && parsed !== undefined) return parsed;
    if (response.status === 401 && !isRecord(parsed)) {
      throw new KintoneError({
        status: 401,
        code: 'basic_auth_failed',
        message:
          'kintone asked for Basic authentication (IP restriction is on): check the Basic auth user and password.',
      });
    }
    const code =
      isRecord(parsed) && typeof parsed.code === 'string' ? parsed.code : `HTTP_${response.status}`;
    const message =
      isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message : text.slice(0, 200);
    throw new KintoneError({
      status: response.status,
      code,
      message,
      errors: isRecord(parsed) ? flattenErrors(parsed.errors) : {},
      retryable: isRetryable(response.status, code),
    });
  }

  return {
    async request(method, path, body) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await once(method, path, body);
        } catch (error) {
          if (!(error instanceof KintoneError) || !error.retryable || attempt >= attempts) throw error;
          const delay = Math.min(initialDelay * 2 ** (attempt - 1), 10_000);
          await sleep(delay / 2 + Math.random() * (delay / 2));
        }
      }
    },
  };
}
