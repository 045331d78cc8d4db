import type { ErrorRecord } from '../../runtime/model/errors';
import type { WebhookResponse } from '../../runtime/model/run';
import type { RunRowStatus } from '../db/models/index';

/** Where a run's execution stopped: finished, waiting, or handed back to the queue. */
export interface RunOutcome {
  runId: string;
  status: RunRowStatus;
  /** The answer a respond node gave, if any. */
  response?: WebhookResponse;
  error?: (ErrorRecord & { nodeId?: string }) | null;
  /** Heard from another process (Postgres NOTIFY), not from an execution in this one. */
  elsewhere?: boolean;
}

/** What a waiting caller (a sync webhook, a manual run) hears first. */
export type RunSignal =
  { kind: 'response'; response: WebhookResponse; runId: string } | { kind: 'settled'; outcome: RunOutcome };

type Listener = (signal: RunSignal) => void;

/**
 * In-process listeners per run id: a sync webhook hears its respond node (once committed) or the
 * run's end without polling. A map per run rather than one EventEmitter event, so thousands of
 * waiting callers cost O(1) each.
 */
export class OutcomeWaiters {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly everyRun = new Set<(outcome: RunOutcome) => void>();

  /** Hears every run that stops in this process (the chat delivers queued messages on a wait). */
  onSettled(listener: (outcome: RunOutcome) => void): () => void {
    this.everyRun.add(listener);
    return () => this.everyRun.delete(listener);
  }

  listen(runId: string, listener: Listener): () => void {
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(runId);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(runId);
    };
  }

  /** True while someone in this process waits for this run (worth reading its row for). */
  watching(runId: string): boolean {
    return this.listeners.has(runId);
  }

  /** The runs someone in this process waits for (re-checked after missed notifications). */
  watchedRuns(): string[] {
    return [...this.listeners.keys()];
  }

  response(runId: string, response: WebhookResponse): void {
    this.emit(runId, { kind: 'response', response, runId });
  }

  settled(outcome: RunOutcome): void {
    this.emit(outcome.runId, { kind: 'settled', outcome });
    for (const listener of this.everyRun) listener(outcome);
  }

  private emit(runId: string, signal: RunSignal): void {
    const set = this.listeners.get(runId);
    if (!set) return;
    for (const listener of [...set]) listener(signal);
  }
}
