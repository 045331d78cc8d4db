import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import { PERMANENT_ERRORS } from './web-api';
import type { SlackCallResult } from './web-api';

/** One message for one channel of one workspace. */
export interface DeliveryRequest {
  workspaceId: string;
  channel: string;
  args: Record<string, unknown>;
}

export type DeliveryOutcome =
  { ok: true; channel: string; ts: string } | { ok: false; error: string; permanent: boolean };

export interface DeliveryQueueOptions {
  /** Makes the call; the queue decides what to do with the answer. */
  post(request: DeliveryRequest): Promise<SlackCallResult>;
  clock: Clock;
  logger: Logger;
  /** A permanent error: recorded on the workspace, the message dropped. */
  onPermanentError(request: DeliveryRequest, error: string): Promise<void>;
  onDelivered(request: DeliveryRequest): Promise<void>;
  /** How many 429s one message may meet before it is given up (then `rate_limited`). */
  maxRateLimitWaits?: number;
  /** Tries for transient errors (network, internal_error …), the first included. */
  transientAttempts?: number;
}

/**
 * Delivers messages one at a time per channel, in order. On 429 the channel waits Retry-After and
 * sends the same message again (Slack posted nothing, so nothing is duplicated; later messages wait
 * behind it, so nothing overtakes or is lost). Permanent errors are reported and not retried.
 */
export class DeliveryQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: DeliveryQueueOptions) {}

  /**
   * Queues a message behind the others of its channel; resolves when it was posted or given up.
   * The place in line is taken at the call; `gate` (checked when the turn comes) may still refuse
   * it, so callers that check switches first keep the order they called in.
   */
  send<R>(request: DeliveryRequest, gate?: Promise<R | undefined>): Promise<DeliveryOutcome | R> {
    const key = `${request.workspaceId}\u0000${request.channel}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.pending += 1;
    const result = previous.then(async (): Promise<DeliveryOutcome | R> => {
      const refused = gate ? await gate : undefined;
      return refused ?? this.deliver(request);
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.pending -= 1;
      if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
    return result;
  }

  /** Resolves when every queued message has been posted or given up. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    const maxWaits = this.options.maxRateLimitWaits ?? 20;
    const transientAttempts = this.options.transientAttempts ?? 3;
    let waits = 0;
    let failures = 0;
    for (;;) {
      let answer: SlackCallResult;
      try {
        answer = await this.options.post(request);
      } catch (error) {
        answer = { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
      }
      if (answer.kind === 'ok') {
        await this.options.onDelivered(request);
        const channel = typeof answer.body.channel === 'string' ? answer.body.channel : request.channel;
        const ts = typeof answer.body.ts === 'string' ? answer.body.ts : '';
        return { ok: true, channel, ts };
      }
      if (answer.kind === 'rate_limited') {
        waits += 1;
        if (waits > maxWaits) return { ok: false, error: 'rate_limited', permanent: false };
        this.options.logger.info('slack rate limited; waiting', {
          channel: request.channel,
          ms: answer.retryAfterMs,
        });
        await this.options.clock.sleep(answer.retryAfterMs);
        continue;
      }
      if (answer.kind === 'error' && PERMANENT_ERRORS.has(answer.error)) {
        await this.options.onPermanentError(request, answer.error);
        return { ok: false, error: answer.error, permanent: true };
      }
      failures += 1;
      const error = answer.kind === 'error' ? answer.error : 'unreachable';
      if (failures >= transientAttempts) return { ok: false, error, permanent: false };
      await this.options.clock.sleep(500 * 2 ** (failures - 1));
    }
  }
}
