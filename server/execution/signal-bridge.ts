import type { Logger } from '../../runtime/ports/logger';
import type { OutcomeWaiters, RunOutcome } from './outcomes';
import { RUNS_CHANNEL, newOrigin, notifyRunStops, parseRunStops, type RunStop } from './run-signals';
import type { SqlRunner } from './sql';
import { hasEnded, readStoredOutcome } from './stored-outcome';

/**
 * Runs stopping in other processes, heard in this one (Postgres only). Every write that stops a
 * run (or stores a respond node's answer) sends a NOTIFY in its own transaction (`stopped`); the
 * process's cluster session LISTENs and hands each payload to `receive`, which turns it into the
 * same `OutcomeWaiters` signals a run executing here gives: a sync webhook, a chat turn or a
 * manual run waiting on a web process wakes when a worker's run stops. Payloads from this process
 * are ignored (its own runs signal directly), so nothing fires twice.
 *
 * While the session is down notifications are lost: `connected(true)` after a reconnect re-reads
 * the rows of every run someone here waits for, and callers keep a slow re-read of their own.
 */
export class RunSignalBridge {
  readonly channel = RUNS_CHANNEL;
  /** Tells this process's payloads from others'. */
  readonly origin = newOrigin();
  private listening = false;
  /** Payloads are handled one after the other, so a run's `responded` comes before its end. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { waiters: OutcomeWaiters; read: SqlRunner; logger: Logger }) {}

  /** True while the listening session is up: stops elsewhere are heard within milliseconds. */
  get live(): boolean {
    return this.listening;
  }

  /** Inside the transaction that wrote them: tell the other processes (delivered on commit). */
  stopped(tx: SqlRunner, stops: RunStop[]): Promise<void> {
    return stops.length === 0 ? Promise.resolve() : notifyRunStops(tx, this.origin, stops);
  }

  /** The session LISTENs (`up`) or lost its connection. After a gap, waiting callers re-check. */
  connected(up: boolean, afterGap: boolean): void {
    this.listening = up;
    if (up && afterGap) this.enqueue(() => this.recheck());
  }

  /** A notification on `channel`. */
  receive(payload: string): void {
    const parsed = parseRunStops(payload);
    if (!parsed || parsed.origin === this.origin) return;
    const { stops } = parsed;
    this.enqueue(async () => {
      for (const stop of stops) await this.deliver(stop);
    });
  }

  /** Resolves once every payload received so far has been turned into signals (tests). */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain
      .then(task)
      .catch((error: unknown) =>
        this.deps.logger.warn('run signal from another process failed', { error: String(error) }),
      );
  }

  private async deliver(stop: RunStop): Promise<void> {
    const { waiters, read } = this.deps;
    // Handed back: it goes on elsewhere later; nobody here has anything to hear yet.
    if (stop.kind === 'released' || stop.kind === 'queued' || stop.kind === 'running') return;
    // The row is read only when someone here waits for this run: the answer can be large and
    // does not travel in the payload (Postgres caps it at 8000 bytes).
    const stored = waiters.watching(stop.runId) ? await readStoredOutcome(read, stop.runId) : undefined;
    if (stop.kind === 'responded') {
      if (stored?.response) waiters.response(stop.runId, stored.response);
      return;
    }
    const outcome: RunOutcome = {
      runId: stop.runId,
      // The stop as it happened: the row may already have moved on (a chat resumed meanwhile).
      status: stop.kind,
      response: stored?.response,
      error: stored?.error ?? null,
      elsewhere: true,
    };
    waiters.settled(outcome);
  }

  /** Notifications may have been missed: runs someone waits for are read; ended ones signal. */
  private async recheck(): Promise<void> {
    const { waiters, read } = this.deps;
    for (const runId of waiters.watchedRuns()) {
      const stored = await readStoredOutcome(read, runId);
      if (!stored) continue;
      if (stored.response) waiters.response(runId, stored.response);
      if (hasEnded(stored.status)) waiters.settled({ ...stored, elsewhere: true });
    }
  }
}
