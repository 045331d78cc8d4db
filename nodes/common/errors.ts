import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';

/** A mistake in the node's settings: retrying will not help, the workflow must be edited. */
export function configError(message: Localized, details?: unknown): NodeError {
  return new NodeError({
    code: 'invalid_config',
    retryable: false,
    message,
    ...(details === undefined ? {} : { details }),
  });
}

/** The first value that appears twice (by `keyOf`), or undefined. */
export function firstDuplicate<T>(items: readonly T[], keyOf: (item: T) => string): T | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (seen.has(key)) return item;
    seen.add(key);
  }
  return undefined;
}
