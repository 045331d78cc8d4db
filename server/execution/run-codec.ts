import { isRecord } from '../../runtime/engine/registry';
import type { ErrorRecord } from '../../runtime/model/errors';
import type { RunState, StepRecord, StepStatus } from '../../runtime/model/run';
import type { RunMode, RunRowStatus } from '../db/models/index';
import { RUN_ROW_STATUSES } from '../db/models/index';
import type { RunUpdate } from './rows';
import { bool, num, numOrNull, str, strOrNull, type SqlRow, type SqlRunner } from './sql';

/** The stored form of a state: everything but the steps (rows of their own) and the trigger. */
export function encodeState(state: RunState): string {
  return JSON.stringify({ ...state, steps: undefined, trigger: undefined });
}

/** The runs-row fields for a state. */
export function runUpdateOf(state: RunState, status: RunRowStatus = state.status): RunUpdate {
  return {
    status,
    state: encodeState(state),
    stepCount: state.steps.length,
    finishedAt: state.finishedAt ?? null,
    error: state.error ? JSON.stringify(state.error) : null,
  };
}

export function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The summary of a run the list shows. */
export interface RunSummary {
  id: string;
  workflowId: string;
  version: number | null;
  status: RunRowStatus;
  mode: RunMode;
  triggerKind: string;
  triggerNode: string;
  retryOf: string | null;
  startedAt: number;
  finishedAt: number | null;
  stepCount: number;
  error: (ErrorRecord & { nodeId?: string }) | null;
  cancelRequested: boolean;
  createdBy: string | null;
}

export const RUN_SUMMARY_COLUMNS =
  'id, workflow_id, version, status, mode, trigger_kind, trigger_node, retry_of, started_at, finished_at, step_count, error, cancel_requested, created_by';

export function isRunRowStatus(value: unknown): value is RunRowStatus {
  return RUN_ROW_STATUSES.some((status) => status === value);
}

function runMode(value: unknown): RunMode {
  return value === 'manual' || value === 'retry' || value === 'preview' ? value : 'trigger';
}

function errorRecord(value: unknown): (ErrorRecord & { nodeId?: string }) | null {
  const parsed = parseJson(value);
  if (!isRecord(parsed) || typeof parsed.code !== 'string' || typeof parsed.message !== 'string') return null;
  const record: ErrorRecord & { nodeId?: string } = { code: parsed.code, message: parsed.message };
  if (
    isRecord(parsed.localized) &&
    typeof parsed.localized.ja === 'string' &&
    typeof parsed.localized.en === 'string'
  ) {
    record.localized = { ja: parsed.localized.ja, en: parsed.localized.en };
  }
  if (parsed.details !== undefined) record.details = parsed.details;
  if (typeof parsed.nodeId === 'string') record.nodeId = parsed.nodeId;
  return record;
}

export function toRunSummary(row: SqlRow): RunSummary {
  return {
    id: str(row.id),
    workflowId: str(row.workflow_id),
    version: numOrNull(row.version),
    status: isRunRowStatus(row.status) ? row.status : 'failed',
    mode: runMode(row.mode),
    triggerKind: str(row.trigger_kind),
    triggerNode: str(row.trigger_node),
    retryOf: strOrNull(row.retry_of),
    startedAt: num(row.started_at),
    finishedAt: numOrNull(row.finished_at),
    stepCount: num(row.step_count),
    error: errorRecord(row.error),
    cancelRequested: bool(row.cancel_requested),
    createdBy: strOrNull(row.created_by),
  };
}

function stepStatus(value: unknown): StepStatus {
  return value === 'failed' || value === 'waiting' ? value : 'succeeded';
}

/** Reads a run's steps, with payloads from the side table where they were too large for the row. */
export async function loadSteps(
  reader: SqlRunner,
  input: { runId: string; limit?: number },
): Promise<StepRecord[]> {
  const limit = input.limit === undefined ? '' : ` AND step_index < ${Math.floor(input.limit)}`;
  const rows = await reader.all(`SELECT * FROM run_steps WHERE run_id = ?${limit} ORDER BY step_index`, [
    input.runId,
  ]);
  const external = rows.some((row) => bool(row.payload_external))
    ? await reader.all(
        'SELECT step_index, kind, data FROM run_payloads WHERE run_id = ? AND step_index IS NOT NULL',
        [input.runId],
      )
    : [];
  const side = new Map(external.map((row) => [`${num(row.step_index)}:${str(row.kind)}`, row.data]));
  return rows.map((row) => {
    const index = num(row.step_index);
    const isExternal = bool(row.payload_external);
    const step: StepRecord = {
      index,
      nodeId: str(row.node_id),
      nodeType: str(row.node_type),
      label: str(row.label),
      status: stepStatus(row.status),
      attempt: num(row.attempt),
      startedAt: num(row.started_at),
      durationMs: num(row.duration_ms),
    };
    if (typeof row.branch === 'string') step.branch = row.branch;
    const input = isExternal ? side.get(`${index}:input`) : row.input;
    const output = isExternal ? side.get(`${index}:output`) : row.output;
    if (typeof input === 'string') step.input = parseJson(input);
    if (typeof output === 'string') step.output = parseJson(output);
    const error = errorRecord(row.error);
    if (error) step.error = error;
    return step;
  });
}

/** A run as the worker needs it: its row and its whole state (steps and trigger put back). */
export interface LoadedRun {
  summary: RunSummary;
  state: RunState;
}

function isRunState(value: unknown): value is Omit<RunState, 'steps' | 'trigger'> {
  return (
    isRecord(value) &&
    typeof value.runId === 'string' &&
    typeof value.status === 'string' &&
    Array.isArray(value.stack) &&
    isRecord(value.vars) &&
    isRecord(value.nodes)
  );
}

/** Loads a run's row and state; undefined when the run does not exist (pruned or deleted). */
export async function loadRun(reader: SqlRunner, runId: string): Promise<LoadedRun | undefined> {
  const rows = await reader.all(`SELECT ${RUN_SUMMARY_COLUMNS}, trigger, state FROM runs WHERE id = ?`, [
    runId,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  const stored = parseJson(row.state);
  if (!isRunState(stored)) throw new Error(`The stored state of run ${runId} is damaged.`);
  const steps = await loadSteps(reader, { runId });
  const state: RunState = { ...stored, trigger: parseJson(row.trigger) ?? {}, steps };
  return { summary: toRunSummary(row), state };
}

/** Reads a state stored by `encodeState` (with its trigger and steps handed in). */
export function decodeState(text: string, extra: Pick<RunState, 'trigger' | 'steps'>): RunState | undefined {
  const stored = parseJson(text);
  return isRunState(stored) ? { ...stored, ...extra } : undefined;
}
