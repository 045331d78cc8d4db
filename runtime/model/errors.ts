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
  /** English text (logs, API); `localized` carries both languages when the node gave them. */
  message: string;
  localized?: Localized;
  details?: unknown;
}

export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof NodeError) {
    const record: ErrorRecord = { code: error.code, message: error.message };
    if (error.localized) record.localized = error.localized;
    if (error.details !== undefined) record.details = error.details;
    return record;
  }
  if (error instanceof Error)
    return { code: error.name === 'AbortError' ? 'aborted' : 'error', message: error.message };
  return { code: 'error', message: String(error) };
}
