import type { StepRecord } from '../../runtime/model/run';
import type { RunMode, RunPayloadKind, RunRowStatus } from '../db/models/index';
import type { SqlValue } from './sql';

/** A new runs row. */
export interface RunInsert {
  id: string;
  workflowId: string;
  version: number | null;
  status: RunRowStatus;
  mode: RunMode;
  triggerKind: string;
  triggerNode: string;
  retryOf: string | null;
  startedAt: number;
  createdBy: string | null;
  /** JSON text of the trigger payload. */
  trigger: string;
  /** JSON text of the RunState without `steps` and `trigger`. */
  state: string;
  stepCount: number;
  /** Set when the run already ended by the time its row is written (see WriteBatcher). */
  finishedAt?: number | null;
  error?: string | null;
}

export const RUN_INSERT_COLUMNS = [
  'id',
  'workflow_id',
  'version',
  'status',
  'mode',
  'trigger_kind',
  'trigger_node',
  'retry_of',
  'started_at',
  'finished_at',
  'step_count',
  'error',
  'cancel_requested',
  'created_by',
  'updated_at',
  'trigger',
  'state',
] as const;

export function runInsertValues(row: RunInsert, now: number): SqlValue[] {
  return [
    row.id,
    row.workflowId,
    row.version,
    row.status,
    row.mode,
    row.triggerKind,
    row.triggerNode,
    row.retryOf,
    row.startedAt,
    row.finishedAt ?? null,
    row.stepCount,
    row.error ?? null,
    false,
    row.createdBy,
    now,
    row.trigger,
    row.state,
  ];
}

/** The new state of a run after some steps. */
export interface RunUpdate {
  status: RunRowStatus;
  state: string;
  stepCount: number;
  finishedAt: number | null;
  /** JSON text of the run's error, or null. */
  error: string | null;
}

/** A new jobs row. */
export interface JobInsert {
  id: string;
  kind: string;
  runId: string | null;
  workflowId: string | null;
  payload: string;
  status: 'queued' | 'leased' | 'done' | 'failed';
  runAt: number;
  lockedUntil: number | null;
  leaseOwner: string | null;
  singletonKey: string | null;
}

export const JOB_INSERT_COLUMNS = [
  'id',
  'kind',
  'run_id',
  'workflow_id',
  'payload',
  'status',
  'run_at',
  'locked_until',
  'lease_owner',
  'attempts',
  'expiries',
  'singleton_key',
  'created_at',
  'updated_at',
] as const;

export function jobInsertValues(row: JobInsert, now: number): SqlValue[] {
  return [
    row.id,
    row.kind,
    row.runId,
    row.workflowId,
    row.payload,
    row.status,
    row.runAt,
    row.lockedUntil,
    row.leaseOwner,
    row.status === 'queued' ? 0 : 1,
    0,
    row.singletonKey,
    now,
    now,
  ];
}

/** Step input/output JSON longer than this goes to run_payloads instead of the step row. */
export const INLINE_PAYLOAD_CHARS = 8 * 1024;

/** A step serialised at the moment it finished (the executor keeps mutating its working state). */
export interface StepRow {
  runId: string;
  index: number;
  nodeId: string;
  nodeType: string;
  label: string;
  status: string;
  branch: string | null;
  attempt: number;
  startedAt: number;
  durationMs: number;
  error: string | null;
  input: string | null;
  output: string | null;
}

export const STEP_INSERT_COLUMNS = [
  'run_id',
  'step_index',
  'node_id',
  'node_type',
  'label',
  'status',
  'branch',
  'attempt',
  'started_at',
  'duration_ms',
  'error',
  'payload_external',
  'input',
  'output',
] as const;

export function toStepRow(runId: string, step: StepRecord): StepRow {
  return {
    runId,
    index: step.index,
    nodeId: step.nodeId,
    nodeType: step.nodeType,
    label: step.label,
    status: step.status,
    branch: step.branch ?? null,
    attempt: step.attempt,
    startedAt: step.startedAt,
    durationMs: Math.round(step.durationMs),
    error: step.error === undefined ? null : JSON.stringify(step.error),
    input: step.input === undefined ? null : (JSON.stringify(step.input) ?? null),
    output: step.output === undefined ? null : (JSON.stringify(step.output) ?? null),
  };
}

/** True when the step's payloads are too large to keep in its row. */
export function isExternal(step: StepRow): boolean {
  return (step.input?.length ?? 0) + (step.output?.length ?? 0) > INLINE_PAYLOAD_CHARS;
}

export function stepInsertValues(step: StepRow): SqlValue[] {
  const external = isExternal(step);
  return [
    step.runId,
    step.index,
    step.nodeId,
    step.nodeType,
    step.label,
    step.status,
    step.branch,
    step.attempt,
    step.startedAt,
    step.durationMs,
    step.error,
    external,
    external ? null : step.input,
    external ? null : step.output,
  ];
}

/** A run_payloads row. */
export interface PayloadRow {
  runId: string;
  stepIndex: number | null;
  kind: RunPayloadKind;
  data: string;
}

export const PAYLOAD_INSERT_COLUMNS = ['run_id', 'step_index', 'kind', 'data'] as const;

/** The side-table rows of steps whose payloads are too large for their own row. */
export function payloadRowsOf(steps: readonly StepRow[]): PayloadRow[] {
  const rows: PayloadRow[] = [];
  for (const step of steps) {
    if (!isExternal(step)) continue;
    if (step.input !== null)
      rows.push({ runId: step.runId, stepIndex: step.index, kind: 'input', data: step.input });
    if (step.output !== null)
      rows.push({ runId: step.runId, stepIndex: step.index, kind: 'output', data: step.output });
  }
  return rows;
}

/** A waitpoints row. */
export interface WaitpointInsert {
  id: string;
  runId: string;
  nodeId: string;
  stepIndex: number;
  kind: 'message' | 'until' | 'callback';
  dueAt: number | null;
  conversationKey: string | null;
  callbackKey: string | null;
}

export const WAITPOINT_INSERT_COLUMNS = [
  'id',
  'run_id',
  'node_id',
  'step_index',
  'kind',
  'due_at',
  'conversation_key',
  'callback_key',
  'created_at',
] as const;

export function waitpointInsertValues(row: WaitpointInsert, now: number): SqlValue[] {
  return [
    row.id,
    row.runId,
    row.nodeId,
    row.stepIndex,
    row.kind,
    row.dueAt,
    row.conversationKey,
    row.callbackKey,
    now,
  ];
}
