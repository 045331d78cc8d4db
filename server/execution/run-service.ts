import { createRun } from '../../runtime/engine/executor';
import type { RunState } from '../../runtime/model/run';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { RunMode } from '../db/models/index';
import type { ExecutionContext } from './context';
import { newId } from './ids';
import type { RunSignal } from './outcomes';
import { encodeState } from './run-codec';
import type { PayloadRow, StepRow } from './rows';
import type { JobLease } from './run-executor';
import type { Worker } from './worker';
import type { AcceptResult } from './write-batcher';
import { readStoredSignal } from './stored-outcome';

/** Safety re-read of a run's row while NOTIFY carries its stops (a lost notification costs this). */
const SIGNALLED_POLL_MS = 2000;

/** A trigger that fired: what to run, with what, and how to tell repeats apart. */
export interface TriggerRequest {
  workflowId: string;
  /** The published version; null for a manual run of the draft (its document is stored with the run). */
  version: number | null;
  document: WorkflowDocument;
  triggerNodeId?: string;
  /** webhook, schedule, manual, chat … (the trigger node's kind). */
  triggerKind: string;
  payload: unknown;
  mode?: RunMode;
  /** A repeat of the key within 24 h returns the first run instead of starting another. */
  idempotency?: { scope: string; key: string };
  /** At most one job ever with this key (a schedule tick). */
  singletonKey?: string;
  createdBy?: string | null;
  /** Hears the run's response and end; registered before the run can start, so nothing is missed. */
  listen?: (signal: RunSignal) => void;
  /** Start from this state instead of a fresh one (retries), with the steps before it. */
  from?: { state: RunState; steps: StepRow[]; retryOf: string };
}

export interface TriggerResult {
  runId: string;
  /** created: accepted and durably queued; duplicate: the idempotency key's earlier run; skipped: tick already fired. */
  outcome: AcceptResult['outcome'];
  /** True when this process executes the run (a listener then hears it without polling). */
  local: boolean;
  /** Stops listening. */
  unlisten: () => void;
}

/**
 * Accepts triggers: writes the run and its job in one transaction (through the group-commit
 * writer) and answers only after that commit, so an acknowledged trigger is never lost. When this
 * process has a free place the job is written as leased to it and executes at once from memory;
 * otherwise it waits in the queue for any worker.
 */
export class RunService {
  private readonly selfContained = new WeakMap<WorkflowDocument, boolean>();

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly worker: Worker,
  ) {}

  async trigger(request: TriggerRequest): Promise<TriggerResult> {
    const { ctx } = this;
    const now = ctx.clock.now();
    const runId = newId(now);
    const state = request.from
      ? { ...request.from.state, runId, startedAt: now }
      : createRun({
          workflow: request.document,
          registry: ctx.registry,
          triggerNodeId: request.triggerNodeId,
          payload: request.payload,
          runId,
          now,
        });
    const unlisten = request.listen ? ctx.waiters.listen(runId, request.listen) : () => undefined;
    const slot = this.worker.tryReserve(request.workflowId);
    const jobId = newId(now);
    const payloads: PayloadRow[] =
      request.version === null
        ? [{ runId, stepIndex: null, kind: 'document', data: JSON.stringify(request.document) }]
        : [];
    const mode = request.mode ?? 'trigger';
    const accepted = ctx.batcher.accept({
      run: {
        id: runId,
        workflowId: request.workflowId,
        version: request.version,
        status: slot ? 'running' : 'queued',
        mode,
        triggerKind: request.triggerKind,
        triggerNode: state.triggerNodeId,
        retryOf: request.from?.retryOf ?? null,
        startedAt: now,
        createdBy: request.createdBy ?? null,
        trigger: JSON.stringify(state.trigger ?? {}),
        state: encodeState(state),
        stepCount: state.steps.length,
      },
      job: {
        id: jobId,
        kind: 'run',
        runId,
        workflowId: request.workflowId,
        payload: '{}',
        status: slot ? 'leased' : 'queued',
        runAt: now,
        lockedUntil: slot ? now + ctx.settings.leaseMs : null,
        leaseOwner: slot ? ctx.owner.id : null,
        singletonKey: request.singletonKey ?? null,
      },
      idempotency: request.idempotency,
      payloads,
      steps: request.from?.steps.map((step) => ({ ...step, runId })),
    });
    const job: JobLease = {
      jobId,
      kind: 'run',
      runId,
      workflowId: request.workflowId,
      payload: {},
      attempts: 1,
    };
    const prepared = { state, document: request.document, mode, triggerKind: request.triggerKind };
    // A run that cannot be a repeat and touches nothing outside itself starts while its row is
    // being committed: its steps are written after the row (same writer, same or next batch), and
    // nobody hears from it before both are committed. Anything else starts after the commit.
    const overlap =
      slot !== undefined &&
      request.idempotency === undefined &&
      request.singletonKey === undefined &&
      request.from === undefined &&
      this.isSelfContained(request.document);
    if (overlap) void this.worker.start(slot, job, prepared);
    let result: AcceptResult;
    try {
      result = await accepted;
    } catch (error) {
      if (slot && !overlap) this.worker.cancelReservation(slot);
      unlisten();
      throw error;
    }
    if (result.outcome !== 'created') {
      if (slot) this.worker.cancelReservation(slot);
      unlisten();
      const existing = result.outcome === 'duplicate' ? result.runId : runId;
      return { runId: existing, outcome: result.outcome, local: false, unlisten: () => undefined };
    }
    if (request.version !== null) {
      ctx.workflows.remember({
        workflowId: request.workflowId,
        version: request.version,
        document: request.document,
      });
    }
    if (slot && !overlap) void this.worker.start(slot, job, prepared);
    else if (!slot) this.worker.notify();
    return { runId, outcome: 'created', local: slot !== undefined, unlisten };
  }

  /**
   * True when every node is a trigger or a logic node without side effects (set, condition,
   * respond, delay …): executing it before its row is committed can lose nothing outside the run.
   */
  private isSelfContained(document: WorkflowDocument): boolean {
    let known = this.selfContained.get(document);
    if (known === undefined) {
      known = document.nodes.every((node) => {
        const definition = this.ctx.registry.get(node.type);
        return (
          definition !== undefined &&
          (definition.category === 'logic' || definition.category === 'trigger') &&
          definition.sideEffects !== true
        );
      });
      this.selfContained.set(document, known);
    }
    return known;
  }

  /**
   * How often a waiting caller reads the run's row. A run executing here is heard directly; one
   * executing elsewhere is heard through Postgres NOTIFY while the listening session is up, so the
   * row is only a slow safety net then; without it (session down, or no signals) 200 ms.
   */
  private pollMs(local: boolean): number {
    if (local) return 1000;
    return this.ctx.signals?.live === true ? SIGNALLED_POLL_MS : 200;
  }

  /**
   * Waits for a run's first response or its end, at most `timeoutMs`. `early` carries what a
   * `listen` given to `trigger` heard (registered before the run could start). Runs executing in
   * another process are heard through the run signals (Postgres NOTIFY, `signal-bridge.ts`), with
   * a read of their row as the fallback.
   */
  async waitFor(input: {
    runId: string;
    timeoutMs: number;
    local: boolean;
    /** Resolve on a respond node's answer (sync webhooks) or only at the run's end. */
    untilResponse: boolean;
    early?: Promise<RunSignal>;
  }): Promise<RunSignal | undefined> {
    const { ctx } = this;
    return new Promise<RunSignal | undefined>((resolve) => {
      let done = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (signal: RunSignal | undefined): void => {
        if (done) return;
        done = true;
        unlisten();
        timers.forEach(clearTimeout);
        resolve(signal);
      };
      const accept = (signal: RunSignal): void => {
        if (signal.kind === 'settled' || input.untilResponse) finish(signal);
      };
      const unlisten = ctx.waiters.listen(input.runId, accept);
      void input.early?.then(accept);
      timers.push(setTimeout(() => finish(undefined), input.timeoutMs));
      // A run executing here is heard directly; reading the row is only a fallback for it.
      const poll = async (): Promise<void> => {
        if (done) return;
        const signal = await readStoredSignal(ctx.sql.read, input.runId, input.untilResponse).catch(
          () => undefined,
        );
        if (signal) finish(signal);
        else if (!done) timers.push(setTimeout(() => void poll(), this.pollMs(input.local)));
      };
      if (input.local) timers.push(setTimeout(() => void poll(), 1000));
      else void poll();
    });
  }
}
