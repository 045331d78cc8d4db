import type { RetryPolicy } from '../model/node-definition';

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 1,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  factor: 2,
  jitter: true,
};

/**
 * The wait before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half fixed,
 * half random) so many runs failing together do not retry in lockstep. `random` is injectable for tests.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  if (!policy.jitter) return capped;
  return Math.round(capped / 2 + random() * (capped / 2));
}
