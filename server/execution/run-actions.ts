import { isRecord } from '../../runtime/engine/registry';
import type { RunState } from '../../runtime/model/run';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { ExecutionContext } from './context';
import type { RunOutcome } from './outcomes';
import {
  decodeState,
  loadSteps,
  parseJson,
  RUN_SUMMARY_COLUMNS,
  toRunSummary,
  type RunSummary,
} from './run-codec';
import { toStepRow } from './rows';
import type { RunService, TriggerResult } from './run-service';
import { str } from './sql';
import type { Worker } from './worker';

/** Why an action on a run was refused; the route turns it into a 404 / 409. */
export class RunActionError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_retryable' | 'already_finished',
    message: string,
  ) {
    super(message);
    this.name = 'RunActionError';
  }
}

const RETRYABLE = new Set(['failed', 'crashed', 'canceled']);

async function summaryOf(
  ctx: ExecutionContext,
  runId: string,
): Promise<(RunSummary & { trigger: unknown; state: string }) | undefined> {
  const rows = await ctx.sql.read.all(
    `SELECT ${RUN_SUMMARY_COLUMNS}, trigger, state FROM runs WHERE id = ?`,
    [runId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { ...toRunSummary(row), trigger: parseJson(row.trigger) ?? {}, state: str(row.state) };
}

/** Where a retry starts: the stored retry point (failed / canceled runs) or the last checkpoint. */
async function retryPointOf(
  ctx: ExecutionContext,
  run: RunSummary & { state: string },
): Promise<{ state: string; stepCount: number }> {
  const rows = await ctx.sql.read.all(
    "SELECT data FROM run_payloads WHERE run_id = ? AND kind = 'retry' AND step_index IS NULL ORDER BY id DESC",
    [run.id],
  );
  const stored = parseJson(rows[0]?.data);
  if (isRecord(stored) && typeof stored.state === 'string' && typeof stored.stepCount === 'number') {
    return { state: stored.state, stepCount: stored.stepCount };
  }
  return { state: run.state, stepCount: run.stepCount };
}

/** Makes a retry point runnable: running again, the waiting node (if it failed on resume) asked again. */
function reopen(state: RunState): RunState {
  const reopened: RunState = { ...state, status: 'running', stack: [...state.stack] };
  if (reopened.waiting) reopened.stack.push({ nodeId: reopened.waiting.nodeId });
  delete reopened.waiting;
  delete reopened.finishedAt;
  delete reopened.error;
  delete reopened.response;
  return reopened;
}

/**
 * Retries a failed (or crashed, or canceled) run as a new run: from the state just before the
 * failed step, with the variables and node outputs it had then, so the failed node runs again on
 * the inputs it was given. The steps before it are copied, so the new run's history is whole.
 */
export async function retryRun(input: {
  ctx: ExecutionContext;
  service: RunService;
  runId: string;
  userId: string | null;
}): Promise<TriggerResult> {
  const { ctx } = input;
  const run = await summaryOf(ctx, input.runId);
  if (!run) throw new RunActionError('not_found', `There is no run ${input.runId}.`);
  if (!RETRYABLE.has(run.status)) {
    throw new RunActionError(
      'not_retryable',
      `Run ${run.id} is ${run.status}; only failed, crashed or canceled runs can be retried.`,
    );
  }
  const point = await retryPointOf(ctx, run);
  const steps = await loadSteps(ctx.sql.read, { runId: run.id, limit: point.stepCount });
  const state = decodeState(point.state, { trigger: run.trigger, steps });
  if (!state) throw new Error(`The stored state of run ${run.id} is damaged.`);
  const document = await ctx.workflows.forRun({
    runId: run.id,
    workflowId: run.workflowId,
    version: run.version,
  });
  return input.service.trigger({
    workflowId: run.workflowId,
    version: run.version,
    document,
    triggerKind: run.triggerKind,
    triggerNodeId: run.triggerNode,
    payload: run.trigger,
    mode: 'retry',
    createdBy: input.userId,
    from: { state: reopen(state), steps: steps.map((step) => toStepRow('', step)), retryOf: run.id },
  });
}

/** `canceled`: done now; `canceling`: the process running it stops it at its next step. */
export type CancelResult = 'canceled' | 'canceling';

/**
 * Cancels a run. One executing here is aborted (it ends `canceled` after its current node); one
 * executing in another process is flagged, and that process aborts it when it renews its lease;
 * one queued or waiting is ended at once, its job and waitpoint removed.
 */
export async function cancelRun(input: {
  ctx: ExecutionContext;
  worker: Worker;
  runId: string;
}): Promise<CancelResult> {
  const { ctx, worker, runId } = input;
  const run = await summaryOf(ctx, runId);
  if (!run) throw new RunActionError('not_found', `There is no run ${runId}.`);
  if (!['queued', 'running', 'waiting'].includes(run.status)) {
    throw new RunActionError('already_finished', `Run ${runId} has already ended (${run.status}).`);
  }
  if (worker.abortRun(runId, 'canceled')) return 'canceling';
  const result = await ctx.batcher.custom(async (tx): Promise<CancelResult | 'finished'> => {
    const now = ctx.clock.now();
    const current = await tx.all('SELECT status FROM runs WHERE id = ?', [runId]);
    const status = current[0]?.status;
    if (status !== 'queued' && status !== 'running' && status !== 'waiting') return 'finished';
    const leased = await tx.all("SELECT id FROM jobs WHERE run_id = ? AND status = 'leased'", [runId]);
    if (leased.length > 0) {
      await tx.run('UPDATE runs SET cancel_requested = ?, updated_at = ? WHERE id = ?', [true, now, runId]);
      return 'canceling';
    }
    const error = JSON.stringify({ code: 'canceled', message: 'The run was canceled' });
    await tx.run("UPDATE jobs SET status = 'done', updated_at = ? WHERE run_id = ? AND status = 'queued'", [
      now,
      runId,
    ]);
    await tx.run('DELETE FROM waitpoints WHERE run_id = ?', [runId]);
    await tx.run(
      "UPDATE runs SET status = 'canceled', finished_at = ?, error = ?, cancel_requested = ?, updated_at = ? WHERE id = ?",
      [now, error, true, now, runId],
    );
    return 'canceled';
  });
  if (result === 'finished') throw new RunActionError('already_finished', `Run ${runId} has already ended.`);
  if (result === 'canceled') {
    await ctx.batcher.announce([{ runId, kind: 'canceled' }]);
    ctx.waiters.settled({
      runId,
      status: 'canceled',
      error: { code: 'canceled', message: 'The run was canceled' },
    });
  }
  return result;
}

/** The outcome of a manual run: its id, and how it ended if it ended within the wait. */
export interface ManualRunResult {
  runId: string;
  outcome: RunOutcome | undefined;
}

/**
 * Runs a workflow by hand (the editor's Run button): the draft (version null) or a published
 * version, with sample input, waiting up to `waitMs` for it to end.
 */
export async function runManually(input: {
  ctx: ExecutionContext;
  service: RunService;
  workflowId: string;
  version: number | null;
  document: WorkflowDocument;
  payload: unknown;
  triggerNodeId?: string;
  userId: string | null;
  waitMs: number;
}): Promise<ManualRunResult> {
  const { ctx } = input;
  const triggerNode = input.triggerNodeId
    ? input.document.nodes.find((node) => node.id === input.triggerNodeId)
    : input.document.nodes.find((node) => ctx.registry.get(node.type)?.trigger !== undefined);
  const triggerKind = (triggerNode && ctx.registry.get(triggerNode.type)?.trigger) ?? 'manual';
  let settle: (outcome: RunOutcome) => void = () => undefined;
  const settled = new Promise<RunOutcome>((resolve) => (settle = resolve));
  const result = await input.service.trigger({
    workflowId: input.workflowId,
    version: input.version,
    document: input.document,
    triggerNodeId: triggerNode?.id,
    triggerKind,
    payload: input.payload,
    mode: 'manual',
    createdBy: input.userId,
    listen: (signal) => {
      if (signal.kind === 'settled') settle(signal.outcome);
    },
  });
  const signal = await input.service.waitFor({
    runId: result.runId,
    timeoutMs: input.waitMs,
    local: result.local,
    untilResponse: false,
    early: settled.then((outcome) => ({ kind: 'settled' as const, outcome })),
  });
  result.unlisten();
  return { runId: result.runId, outcome: signal?.kind === 'settled' ? signal.outcome : undefined };
}
