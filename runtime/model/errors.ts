import type { Localized } from './localized';

/**
 * An error a node throws on purpose. `retryable: false` skips the retry policy (bad input will not
 * get better by trying again); `retryAfterMs` is a server's own hint (HTTP Retry-After) and wins over
 * the computed backoff.
 */
export class NodeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;
  readonly localized: Localized | undefined;

  constructor(options: {
    code: string;
    message: string | Localized;
    retryable?: boolean;
    retryAfterMs?: number;
    details?: unknown;
  }) {
    const text = typeof options.message === 'string' ? options.message : options.message.en;
    super(text);
    this.name = 'NodeError';
    this.code = options.code;
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
    this.localized = typeof options.message === 'string' ? undefined : options.message;
  }
}

/** The serialisable form of an error, as kept in run records. */
export interface ErrorRecord {
  code: string;
  message: string;
  details?: unknown;
}

export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof NodeError) {
    return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  }
  if (error instanceof Error) return { code: error.name === 'AbortError' ? 'aborted' : 'error', message: error.message };
  return { code: 'error', message: String(error) };
}
