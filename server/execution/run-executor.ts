import { continueRun, resumeRun } from '../../runtime/engine/executor';
import { isRecord } from '../../runtime/engine/registry';
import { toErrorRecord } from '../../runtime/model/errors';
import type { ResumeEvent, RunState, StepRecord } from '../../runtime/model/run';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { RunMode } from '../db/models/index';
import { RunCheckpoint } from './checkpoint';
import type { ExecutionContext } from './context';
import { loadRun } from './run-codec';

/** A job this process holds the lease of. */
export interface JobLease {
  jobId: string;
  kind: string;
  runId: string | null;
  workflowId: string | null;
  payload: unknown;
  attempts: number;
}

/** A run handed over in memory (just accepted here): no need to read it back. */
export interface PreparedRun {
  state: RunState;
  document: WorkflowDocument;
  mode: RunMode;
  triggerKind: string;
}

/** A run executing in this process: how to stop it, and why it stopped early. */
export class ActiveRun {
  readonly controller = new AbortController();
  /** Shutdown handed the run back to the queue: nothing more is written for it here. */
  released = false;
  /** Another worker took the job over: nothing more is written for it here. */
  leaseLost = false;
  /** A respond node answered (a sync webhook caller hears only the first answer). */
  responded = false;
  checkpoint: RunCheckpoint | undefined;

  constructor(readonly runId: string) {}

  get silent(): boolean {
    return this.released || this.leaseLost;
  }
}

export function isResumeEvent(value: unknown): value is ResumeEvent {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'message':
      return typeof value.text === 'string';
    case 'time':
    case 'timeout':
    case 'callback':
      return true;
    default:
      return false;
  }
}

/** What a `resume` job carries. */
export interface ResumePayload {
  stepIndex: number;
  event: ResumeEvent;
}

function resumePayload(value: unknown): ResumePayload | undefined {
  if (!isRecord(value) || typeof value.stepIndex !== 'number' || !isResumeEvent(value.event))
    return undefined;
  return { stepIndex: value.stepIndex, event: value.event };
}

/** Ends a job without touching a run (the run is gone, finished, or the job is stale). */
export function closeJob(
  ctx: ExecutionContext,
  job: JobLease,
  status: 'done' | 'failed' = 'done',
): Promise<boolean> {
  return ctx.batcher.checkpoint({
    take: () => ({ runId: job.runId ?? '', jobId: job.jobId, steps: [], update: undefined, job: status }),
  });
}

async function prepare(
  ctx: ExecutionContext,
  job: JobLease,
): Promise<(PreparedRun & { cancel: boolean }) | undefined> {
  if (job.runId === null) return undefined;
  const loaded = await loadRun(ctx.sql.read, job.runId);
  if (!loaded) return undefined;
  const { summary } = loaded;
  const document = await ctx.workflows.forRun({
    runId: summary.id,
    workflowId: summary.workflowId,
    version: summary.version,
  });
  return {
    state: loaded.state,
    document,
    mode: summary.mode,
    triggerKind: summary.triggerKind,
    cancel: summary.cancelRequested,
  };
}

/**
 * Executes a `run` or `resume` job: continues the run from its stored (or handed-over) state,
 * checkpoints its steps as they finish, and writes its end together with the job's.
 */
export async function executeRunJob(input: {
  ctx: ExecutionContext;
  job: JobLease;
  active: ActiveRun;
  prepared?: PreparedRun;
  /** Before each step: stops the run (aborts it, lease lost) when this process no longer holds it. */
  fence?: () => void | Promise<void>;
}): Promise<void> {
  const { ctx, job, active } = input;
  const run = input.prepared ? { ...input.prepared, cancel: false } : await prepare(ctx, job);
  if (active.silent) return;
  if (!run) {
    await closeJob(ctx, job);
    return;
  }
  const start = run.state;
  const payload = job.kind === 'resume' ? resumePayload(job.payload) : undefined;
  // A resume job handed back after its process died may find its run past the wait already (steps
  // after it were checkpointed, state `running`): it continues the run from there.
  const resumedBefore =
    payload !== undefined && start.status === 'running' && start.steps.length > payload.stepIndex;
  const resume = resumedBefore ? undefined : payload;
  const stale =
    job.kind === 'resume' && !resumedBefore
      ? start.status !== 'waiting' || start.waiting?.stepIndex !== resume?.stepIndex
      : start.status !== 'running';
  if (stale) {
    await closeJob(ctx, job);
    return;
  }
  const checkpoint = new RunCheckpoint({
    batcher: ctx.batcher,
    runId: start.runId,
    jobId: job.jobId,
    initial: start,
  });
  active.checkpoint = checkpoint;
  if (run.cancel) active.controller.abort(new Error('canceled'));
  const hooks = {
    onStep: (step: StepRecord, state: RunState) => onStep({ ctx, active, step, state }),
    beforeStep: input.fence,
  };
  const env = {
    workflow: run.document,
    registry: ctx.registry,
    ports: ctx.ports,
    hooks,
    signal: active.controller.signal,
  };
  let final: RunState;
  try {
    final = resume
      ? await resumeRun({ ...env, state: start, event: resume.event })
      : await continueRun({ ...env, state: start });
  } catch (error) {
    // The engine routes node failures itself; this is a fault of the engine or the environment.
    ctx.logger.error('run execution failed', { runId: start.runId, error: String(error) });
    final = {
      ...start,
      status: 'failed',
      finishedAt: ctx.clock.now(),
      error: toErrorRecord(error),
      stack: [],
    };
  }
  if (active.silent) return;
  await finishRun({ ctx, active, checkpoint, final, mode: run.mode, triggerKind: run.triggerKind });
}

function onStep(input: {
  ctx: ExecutionContext;
  active: ActiveRun;
  step: StepRecord;
  state: RunState;
}): void {
  const { ctx, active, step, state } = input;
  if (active.silent || !active.checkpoint) return;
  ctx.metrics?.stepDuration.observe(
    { node_type: step.nodeType, status: step.status },
    step.durationMs / 1000,
  );
  const committed = active.checkpoint.record(step, state);
  const response = state.response && !active.responded ? structuredClone(state.response) : undefined;
  if (response) active.responded = true;
  committed.then(
    (held) => {
      if (!held) {
        active.leaseLost = true;
        active.controller.abort(new Error('lease lost'));
      } else if (response) {
        ctx.waiters.response(state.runId, response);
      }
    },
    (error: unknown) => ctx.logger.warn('checkpoint failed', { runId: state.runId, error: String(error) }),
  );
}

async function finishRun(input: {
  ctx: ExecutionContext;
  active: ActiveRun;
  checkpoint: RunCheckpoint;
  final: RunState;
  mode: RunMode;
  triggerKind: string;
}): Promise<void> {
  const { ctx, checkpoint, final } = input;
  const now = ctx.clock.now();
  const dropSuccess =
    final.status === 'succeeded' && input.mode === 'trigger' && !ctx.settings.retention.saveSuccessfulRuns;
  const retry = final.status === 'failed' ? checkpoint.retryPoint(final) : undefined;
  const held = await checkpoint.finish({
    state: final,
    job: 'done',
    deleteRun: dropSuccess,
    now,
    payloads: retry
      ? [{ runId: final.runId, stepIndex: null, kind: 'retry', data: JSON.stringify(retry) }]
      : [],
  });
  if (!held) return;
  if (final.status !== 'waiting')
    ctx.metrics?.runsFinished.inc({ status: final.status, trigger: input.triggerKind });
  ctx.waiters.settled({
    runId: final.runId,
    status: final.status,
    response: final.response,
    error: final.error ?? null,
  });
}
