import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { QueueJob } from '../../runtime/ports/queue';
import type { Database } from '../db/index';
import type { SlackOutboxMessageModel } from '../db/models/slack/index';
import { PERMANENT_ERRORS } from './web-api';
import type { SlackCallResult } from './web-api';

/** The durable job that delivers a channel's waiting messages. */
export const DELIVER_JOB = 'slack.deliver';

/** One message for one channel of one workspace. */
export interface DeliveryRequest {
  workspaceId: string;
  channel: string;
  args: Record<string, unknown>;
}

export type DeliveryOutcome =
  { ok: true; channel: string; ts: string } | { ok: false; error: string; permanent: boolean };

/** Why a message was not sent at all (switched off or gone). */
export type NotSent = {
  ok: false;
  error: 'integration_disabled' | 'workspace_disabled' | 'workspace_missing';
  permanent: true;
};

/** What the outbox needs of the durable queue: the runtime QueuePort plus `handle` (execution layer). */
export interface WakeQueue {
  enqueue(job: QueueJob): Promise<string>;
}
export interface HandlingQueue extends WakeQueue {
  handle(name: string, handler: (input: { data: unknown }) => Promise<void>): void;
}

export interface SlackOutboxOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Makes the call; the outbox decides what to do with the answer. */
  post(request: DeliveryRequest): Promise<SlackCallResult>;
  /** Checked when a message's turn comes: a switched-off workspace sends nothing. */
  refusal(workspaceId: string): Promise<NotSent | undefined>;
  /** A permanent error: recorded on the workspace, the message not retried. */
  onPermanentError(request: DeliveryRequest, error: string): Promise<void>;
  onDelivered(request: DeliveryRequest): Promise<void>;
}

/** A claimed message is ours this long; a process that died holding it gives it up then. */
const LOCK_MS = 60_000;
/** Tries for transient errors (network, internal_error …), the first included. */
const TRANSIENT_ATTEMPTS = 5;
/** Sent and failed rows are kept a while (outcomes for waiting callers), then removed. */
const KEEP_SETTLED_MS = 60 * 60 * 1000;
/** How often a caller waiting for an outcome looks at the row (in case another process sent it). */
const POLL_MS = 1000;

/**
 * Slack delivery over the durable job queue. Accepting a message writes a row (so a restart loses
 * nothing) and queues a `slack.deliver` job for its channel. The job takes the channel's oldest
 * waiting row, posts it, and goes on to the next: one at a time per channel, in the order accepted.
 * A 429 moves the row's `not_before` by Retry-After and queues the job again for then (Slack posted
 * nothing, so nothing is duplicated, and later messages wait behind it, so nothing overtakes or is
 * lost). Permanent errors are recorded and not retried; transient ones back off a few times.
 */
export class SlackOutbox {
  private queue: WakeQueue;
  private readonly waiters = new Map<string, (outcome: DeliveryOutcome | NotSent) => void>();
  /** Accepts of a channel happen one after another, so rows keep the order of the calls. */
  private readonly acceptTails = new Map<string, Promise<unknown>>();
  private counter = 0;

  constructor(private readonly options: SlackOutboxOptions) {
    this.queue = localWakeQueue(options, (data) => this.handle(data));
  }

  /** Hands delivery to the durable queue (the running app's); until then it runs in this process. */
  useQueue(queue: HandlingQueue): void {
    queue.handle(DELIVER_JOB, ({ data }) => this.handle(data));
    this.queue = queue;
  }

  /**
   * Accepts a message behind the others of its channel. The place in line is taken at the call;
   * `gate` (checked just before the row is written) may still refuse it.
   */
  accept(request: DeliveryRequest, gate?: () => Promise<NotSent | undefined>): Promise<NotSent | string> {
    const key = `${request.workspaceId}\u0000${request.channel}`;
    const previous = this.acceptTails.get(key) ?? Promise.resolve();
    const accepted = previous.then(async (): Promise<NotSent | string> => {
      const refused = gate ? await gate() : undefined;
      if (refused) return refused;
      const id = this.nextId();
      await this.write(id, request);
      return id;
    });
    const tail = accepted.then(
      () => undefined,
      () => undefined,
    );
    this.acceptTails.set(key, tail);
    void tail.then(() => {
      if (this.acceptTails.get(key) === tail) this.acceptTails.delete(key);
    });
    return accepted;
  }

  /** Accepts a message and resolves when it was posted or given up. */
  async send(
    request: DeliveryRequest,
    gate?: () => Promise<NotSent | undefined>,
  ): Promise<DeliveryOutcome | NotSent> {
    const accepted = await this.accept(request, gate);
    return typeof accepted === 'string' ? this.outcomeOf(accepted) : accepted;
  }

  /** Resolves when no message is waiting (tests and graceful checks); gives up after `timeoutMs`. */
  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await Promise.all([...this.acceptTails.values()]);
      const waiting = await this.options.db.models.SlackOutboxMessage.count({ where: { status: 'queued' } });
      if (waiting === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Queues delivery for every channel with waiting messages (at start, and when switched back on). */
  async resume(): Promise<void> {
    const rows = await this.options.db.models.SlackOutboxMessage.findAll({
      attributes: ['connectionId', 'channel'],
      where: { status: 'queued' },
      group: ['connectionId', 'channel'],
    });
    const now = this.options.clock.now();
    for (const row of rows) await this.wake(row.connectionId, row.channel, now);
  }

  private nextId(): string {
    // Time first, then a counter: rows sort in the order they were accepted.
    this.counter = (this.counter + 1) % 1_000_000;
    const now = this.options.clock.now();
    return `${String(now).padStart(15, '0')}-${String(this.counter).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
  }

  private async write(id: string, request: DeliveryRequest): Promise<void> {
    const now = this.options.clock.now();
    await this.options.db.models.SlackOutboxMessage.create({
      id,
      connectionId: request.workspaceId,
      channel: request.channel,
      args: JSON.stringify(request.args),
      status: 'queued',
      notBefore: now,
      createdAt: now,
    });
    await this.wake(request.workspaceId, request.channel, now);
  }

  private async wake(workspaceId: string, channel: string, runAt: number): Promise<void> {
    const now = this.options.clock.now();
    try {
      await this.queue.enqueue({
        name: DELIVER_JOB,
        data: { workspaceId, channel },
        // A later wake-up is asked for by whoever met the 429 or the lock: one job per moment.
        ...(runAt > now
          ? { runAt, singletonKey: `slack.deliver:${workspaceId}:${channel}:${String(runAt)}` }
          : {}),
      });
    } catch (error) {
      // The row is written: the next start (or switching the integration back on) queues it again.
      this.options.logger.warn('slack delivery could not be queued; it waits for the next start', {
        workspaceId,
        channel,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async handle(data: unknown): Promise<void> {
    if (typeof data !== 'object' || data === null) return;
    const workspaceId = 'workspaceId' in data && typeof data.workspaceId === 'string' ? data.workspaceId : '';
    const channel = 'channel' in data && typeof data.channel === 'string' ? data.channel : '';
    if (workspaceId && channel) await this.drain(workspaceId, channel);
  }

  /** Posts the channel's waiting messages in order until none is due or another drainer has it. */
  async drain(workspaceId: string, channel: string): Promise<void> {
    const { SlackOutboxMessage } = this.options.db.models;
    const owner = randomUUID();
    for (;;) {
      const now = this.options.clock.now();
      const head = await SlackOutboxMessage.findOne({
        where: { connectionId: workspaceId, channel, status: 'queued' },
        order: [['id', 'ASC']],
      });
      if (!head) {
        await this.prune(now);
        return;
      }
      if (head.lockedUntil !== null && head.lockedUntil > now) {
        // Someone is posting it; look again when their claim runs out, in case they died.
        await this.wake(workspaceId, channel, head.lockedUntil + 1);
        return;
      }
      if (head.notBefore > now) {
        await this.wake(workspaceId, channel, head.notBefore);
        return;
      }
      const [claimed] = await SlackOutboxMessage.update(
        { lockedUntil: now + LOCK_MS, lockOwner: owner },
        {
          where: {
            id: head.id,
            status: 'queued',
            [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lte]: now } }],
          },
        },
      );
      if (claimed === 0) continue;
      const paused = await this.deliver(head, owner);
      if (paused) return;
    }
  }

  /** One try of the head row; true when the channel must stop for now (integration switched off). */
  private async deliver(row: SlackOutboxMessageModel, owner: string): Promise<boolean> {
    const request: DeliveryRequest = {
      workspaceId: row.connectionId,
      channel: row.channel,
      args: parseArgs(row.args),
    };
    const refused = await this.options.refusal(row.connectionId);
    if (refused?.error === 'integration_disabled') {
      // Delivery pauses with the whole integration; switching it back on resumes the channel.
      await this.release(row, owner, {});
      return true;
    }
    if (refused) {
      await this.settle(row, 'refused', refused);
      return false;
    }
    let answer: SlackCallResult;
    try {
      answer = await this.options.post(request);
    } catch (error) {
      answer = { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
    }
    const now = this.options.clock.now();
    if (answer.kind === 'ok') {
      const channel = typeof answer.body.channel === 'string' ? answer.body.channel : request.channel;
      const ts = typeof answer.body.ts === 'string' ? answer.body.ts : '';
      await this.options.onDelivered(request);
      await this.settle(row, 'sent', { ok: true, channel, ts });
      return false;
    }
    if (answer.kind === 'rate_limited') {
      this.options.logger.info('slack rate limited; waiting', {
        channel: request.channel,
        ms: answer.retryAfterMs,
      });
      await this.release(row, owner, {
        notBefore: now + answer.retryAfterMs,
        rateLimitWaits: row.rateLimitWaits + 1,
      });
      return false;
    }
    if (answer.kind === 'error' && PERMANENT_ERRORS.has(answer.error)) {
      await this.options.onPermanentError(request, answer.error);
      await this.settle(row, 'failed', { ok: false, error: answer.error, permanent: true });
      return false;
    }
    const error = answer.kind === 'error' ? answer.error : 'unreachable';
    const attempts = row.attempts + 1;
    if (attempts >= TRANSIENT_ATTEMPTS) {
      await this.settle(row, 'failed', { ok: false, error, permanent: false });
      return false;
    }
    await this.release(row, owner, { attempts, notBefore: now + 500 * 2 ** (attempts - 1) });
    return false;
  }

  private async release(
    row: SlackOutboxMessageModel,
    owner: string,
    change: { notBefore?: number; attempts?: number; rateLimitWaits?: number },
  ): Promise<void> {
    await this.options.db.models.SlackOutboxMessage.update(
      { ...change, lockedUntil: null, lockOwner: null },
      { where: { id: row.id, lockOwner: owner } },
    );
  }

  private async settle(
    row: SlackOutboxMessageModel,
    status: 'sent' | 'failed' | 'refused',
    outcome: DeliveryOutcome | NotSent,
  ): Promise<void> {
    await this.options.db.models.SlackOutboxMessage.update(
      {
        status,
        result: JSON.stringify(outcome),
        settledAt: this.options.clock.now(),
        lockedUntil: null,
        lockOwner: null,
      },
      { where: { id: row.id } },
    );
    const waiter = this.waiters.get(row.id);
    this.waiters.delete(row.id);
    waiter?.(outcome);
  }

  /**
   * The outcome of an accepted message: told at once when this process settles it, read back from
   * its row otherwise (another process, or before this call).
   */
  private outcomeOf(id: string): Promise<DeliveryOutcome | NotSent> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: DeliveryOutcome | NotSent) => {
        if (done) return;
        done = true;
        this.waiters.delete(id);
        resolve(outcome);
      };
      this.waiters.set(id, finish);
      void (async () => {
        while (!done) {
          const row = await this.options.db.models.SlackOutboxMessage.findByPk(id);
          if (done) return;
          if (!row) return finish({ ok: false, error: 'workspace_missing', permanent: true });
          if (row.status !== 'queued') return finish(parseOutcome(row.result));
          await this.options.clock.sleep(POLL_MS);
        }
      })();
    });
  }

  private async prune(now: number): Promise<void> {
    await this.options.db.models.SlackOutboxMessage.destroy({
      where: { status: { [Op.ne]: 'queued' }, settledAt: { [Op.lt]: now - KEEP_SETTLED_MS } },
    });
  }
}

function parseArgs(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

function parseOutcome(json: string | null): DeliveryOutcome | NotSent {
  const value: unknown = json ? JSON.parse(json) : null;
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    if (value.ok === true && 'ts' in value && 'channel' in value)
      return { ok: true, channel: String(value.channel), ts: String(value.ts) };
    if (value.ok === false && 'error' in value) {
      const permanent = 'permanent' in value && value.permanent === true;
      return { ok: false, error: String(value.error), permanent };
    }
  }
  return { ok: false, error: 'unknown_outcome', permanent: false };
}

/**
 * Without the execution layer (a connector built outside the app, as in unit tests) jobs run in
 * this process: at their time, through the clock. Rows are still written, so nothing is lost that
 * the durable queue would pick up after a start.
 */
function localWakeQueue(
  options: { clock: Clock; logger: Logger },
  run: (data: unknown) => Promise<void>,
): WakeQueue {
  return {
    enqueue(job) {
      const delay = Math.max(0, (job.runAt ?? 0) - options.clock.now());
      void (async () => {
        if (delay > 0) await options.clock.sleep(delay);
        await run(job.data);
      })().catch((error: unknown) =>
        options.logger.warn('slack delivery failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      return Promise.resolve('local');
    },
  };
}
