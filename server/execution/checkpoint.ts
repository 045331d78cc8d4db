import type { RunState, StepRecord } from '../../runtime/model/run';
import type { RunRowStatus } from '../db/models/index';
import { newId } from './ids';
import { encodeState, runUpdateOf } from './run-codec';
import { toStepRow, type PayloadRow, type RunUpdate, type StepRow, type WaitpointInsert } from './rows';
import type { RunStopKind } from './run-signals';
import type { CheckpointSource, CheckpointWrite, WriteBatcher } from './write-batcher';

/** How a run's execution ended, for the checkpoint that closes it. */
export interface FinalCheckpoint {
  state: RunState;
  /** Row status override (e.g. `crashed`); default: the state's status. */
  status?: RunRowStatus;
  job: 'done' | 'failed' | 'queued';
  deleteRun?: boolean;
  payloads?: PayloadRow[];
  now: number;
}

/**
 * Collects one run's finished steps between writes. `record` is the executor's onStep hook: it
 * serialises the step and the state at once (the executor keeps mutating its working copy) and
 * joins the next batch; steps recorded before that batch is written ride in the same transaction.
 */
export class RunCheckpoint implements CheckpointSource {
  private steps: StepRow[] = [];
  private update: RunUpdate | undefined;
  private waitpoint: WaitpointInsert | null | undefined;
  private job: CheckpointWrite['job'];
  private deleteRun = false;
  private payloads: PayloadRow[] = [];
  private pending: Promise<boolean> | undefined;
  /** What the next write tells other processes: the run's stop, and a first stored answer. */
  private stop: RunStopKind | undefined;
  private responded = false;
  private hadResponse: boolean;
  /** The state before the latest step, and after it: a failed run is retried from the former. */
  private before: { state: string; stepCount: number };
  private after: { state: string; stepCount: number };

  constructor(
    private readonly options: {
      batcher: WriteBatcher;
      runId: string;
      jobId: string | null;
      initial: RunState;
    },
  ) {
    const start = { state: encodeState(options.initial), stepCount: options.initial.steps.length };
    this.before = start;
    this.after = start;
    this.hadResponse = options.initial.response !== undefined;
  }

  /** The onStep hook: resolves true once the step is committed, false if the run's lease was lost. */
  record(step: StepRecord, state: RunState): Promise<boolean> {
    this.steps.push(toStepRow(this.options.runId, step));
    this.update = runUpdateOf(state);
    this.before = this.after;
    this.after = { state: this.update.state, stepCount: state.steps.length };
    if (state.response !== undefined && !this.hadResponse) {
      // A sync webhook waiting in another process reads the answer once this write commits.
      this.hadResponse = true;
      this.responded = true;
    }
    return this.schedule();
  }

  /**
   * The state to retry a failed run from: before its failed step (with that step still on the
   * stack), or the last checkpoint when the run failed between steps (step limit, run timeout).
   */
  retryPoint(state: RunState): { state: string; stepCount: number } {
    const last = state.steps[state.steps.length - 1];
    return last?.status === 'failed' ? this.before : this.after;
  }

  /** Writes the run's end (finished, waiting, or handed back) and what becomes of its job. */
  finish(final: FinalCheckpoint): Promise<boolean> {
    this.update = runUpdateOf(final.state, final.status ?? final.state.status);
    this.job = final.job;
    this.deleteRun = final.deleteRun ?? false;
    this.payloads = final.payloads ?? [];
    this.waitpoint = final.state.status === 'waiting' ? waitpointOf(final.state, final.now) : null;
    this.stop = final.job === 'queued' ? 'released' : this.update.status;
    return this.schedule();
  }

  /**
   * Hands the run back to the queue (shutdown): what was recorded so far is written and the job is
   * queued again, so another process resumes from the last finished step.
   */
  release(): Promise<boolean> {
    this.job = 'queued';
    this.stop = 'released';
    return this.schedule();
  }

  take(): CheckpointWrite {
    const write: CheckpointWrite = {
      runId: this.options.runId,
      jobId: this.options.jobId,
      steps: this.steps,
      update: this.update,
      waitpoint: this.waitpoint,
      job: this.job,
      deleteRun: this.deleteRun,
      payloads: this.payloads,
      stop: this.stop,
      responded: this.responded,
    };
    this.stop = undefined;
    this.responded = false;
    this.steps = [];
    this.update = undefined;
    this.waitpoint = undefined;
    this.job = undefined;
    this.payloads = [];
    this.pending = undefined;
    return write;
  }

  private schedule(): Promise<boolean> {
    this.pending ??= this.options.batcher.checkpoint(this);
    return this.pending;
  }
}

function stringField(state: Record<string, unknown> | undefined, key: string): string | null {
  const value = state?.[key];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

/** The waitpoint row of a waiting run: when it is due, and the keys that deliver to it. */
export function waitpointOf(state: RunState, now: number): WaitpointInsert | null {
  const waiting = state.waiting;
  if (!waiting) return null;
  const { wait } = waiting;
  const trigger = state.trigger;
  const conversationFromTrigger =
    typeof trigger === 'object' && trigger !== null && 'conversationId' in trigger
      ? trigger.conversationId
      : undefined;
  return {
    id: newId(now),
    runId: state.runId,
    nodeId: waiting.nodeId,
    stepIndex: waiting.stepIndex,
    kind: wait.kind,
    dueAt: wait.kind === 'until' ? (wait.until ?? now) : (wait.timeoutAt ?? null),
    conversationKey:
      stringField(wait.state, 'conversationId') ??
      (typeof conversationFromTrigger === 'string' ? conversationFromTrigger : null),
    // A callback wait is delivered to by run id, or by the key its node put in its wait state.
    callbackKey: wait.kind === 'callback' ? stringField(wait.state, 'callbackKey') : null,
  };
}
