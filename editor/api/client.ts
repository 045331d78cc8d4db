import type { Localized } from '../../runtime/model/localized';
import { isLocalized, isRecord } from './guards';

/** An error answer of the API (`{ error: { code, message, details } }`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly localized: Localized | undefined;

  constructor(o: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    localized?: Localized;
  }) {
    super(o.message);
    this.name = 'ApiError';
    this.status = o.status;
    this.code = o.code;
    this.details = o.details;
    this.localized = o.localized;
  }
}

const CSRF_STORAGE_KEY = 'musubi.csrf';
let csrfToken: string | null = readStoredCsrf();

function readStoredCsrf(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(CSRF_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Remembers the CSRF token the server handed out at sign-in (sent back on unsafe requests). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  try {
    if (token) globalThis.sessionStorage?.setItem(CSRF_STORAGE_KEY, token);
    else globalThis.sessionStorage?.removeItem(CSRF_STORAGE_KEY);
  } catch {
    // sessionStorage blocked: the token still lives in memory for this page.
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls the JSON API and returns the parsed body (undefined for 204). Throws ApiError. */
export async function request(path: string, options: RequestOptions = {}): Promise<unknown> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', message: String(error) });
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body;
}

function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = error && typeof error.code === 'string' ? error.code : `http_${status}`;
  const rawMessage = error?.message;
  const localized = isLocalized(rawMessage) ? rawMessage : undefined;
  const message = typeof rawMessage === 'string' ? rawMessage : localized ? localized.en : `HTTP ${status}`;
  return new ApiError({ status, code, message, details: error?.details, localized });
}

/** The message of any error, in the user's language when the server sent both. */
export function errorMessage(error: unknown, lang: 'ja' | 'en'): string {
  if (error instanceof ApiError) return error.localized ? error.localized[lang] : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
