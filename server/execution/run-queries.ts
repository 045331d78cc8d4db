import type { RunState } from '../../runtime/model/run';
import type { RunRowStatus } from '../db/models/index';
import {
  decodeState,
  loadSteps,
  parseJson,
  RUN_SUMMARY_COLUMNS,
  toRunSummary,
  type RunSummary,
} from './run-codec';
import { inList, num, str, type SqlRunner, type SqlValue } from './sql';

/** Filters of the executions list. Times are epoch ms; `cursor` comes from the previous page. */
export interface RunFilter {
  workflowId?: string;
  status?: RunRowStatus[];
  triggerKind?: string;
  from?: number;
  to?: number;
  limit: number;
  cursor?: string;
}

export interface RunPage {
  items: RunSummary[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** Runs matching the filters (all pages). */
  total: number;
}

/** The cursor is the last row's (started_at, id): stable while new runs arrive at the top. */
function decodeCursor(cursor: string | undefined): { startedAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [startedAt, id] = text.split('|');
  const value = Number(startedAt);
  return id && Number.isFinite(value) ? { startedAt: value, id } : undefined;
}

function encodeCursor(run: RunSummary): string {
  return Buffer.from(`${run.startedAt}|${run.id}`, 'utf8').toString('base64url');
}

/** Lists runs, newest first, filtered and paged. */
export async function listRuns(reader: SqlRunner, filter: RunFilter): Promise<RunPage> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.workflowId) {
    where.push('workflow_id = ?');
    params.push(filter.workflowId);
  }
  if (filter.status && filter.status.length > 0) {
    where.push(`status IN (${inList(filter.status.length)})`);
    params.push(...filter.status);
  }
  if (filter.triggerKind) {
    where.push('trigger_kind = ?');
    params.push(filter.triggerKind);
  }
  if (filter.from !== undefined) {
    where.push('started_at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('started_at < ?');
    params.push(filter.to);
  }
  const base = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const totalRows = await reader.all(`SELECT COUNT(*) AS n FROM runs ${base}`, params);
  const cursor = decodeCursor(filter.cursor);
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor) {
    pageWhere.push('(started_at < ? OR (started_at = ? AND id < ?))');
    pageParams.push(cursor.startedAt, cursor.startedAt, cursor.id);
  }
  const pageBase = pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : '';
  const rows = await reader.all(
    `SELECT ${RUN_SUMMARY_COLUMNS} FROM runs ${pageBase} ORDER BY started_at DESC, id DESC LIMIT ?`,
    [...pageParams, filter.limit + 1],
  );
  const items = rows.slice(0, filter.limit).map(toRunSummary);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
    total: num(totalRows[0]?.n ?? 0),
  };
}

/** A run with everything the history page shows: its summary and its whole engine state. */
export interface RunDetail extends RunSummary {
  /** The RunState: trigger, vars, node outputs, steps (payloads put back), waiting, response. */
  state: RunState;
}

/** One run with its steps (payloads from the side table put back); undefined when unknown. */
export async function getRun(reader: SqlRunner, runId: string): Promise<RunDetail | undefined> {
  const rows = await reader.all(`SELECT ${RUN_SUMMARY_COLUMNS}, trigger, state FROM runs WHERE id = ?`, [
    runId,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  const steps = await loadSteps(reader, { runId });
  const summary = toRunSummary(row);
  const state = decodeState(str(row.state), { trigger: parseJson(row.trigger) ?? {}, steps });
  if (!state) throw new Error(`The stored state of run ${runId} is damaged.`);
  // The row knows better when the run ended outside the engine (crashed, canceled while queued).
  return { ...summary, state: { ...state, status: engineStatus(summary.status) } };
}

function engineStatus(row: RunSummary['status']): RunState['status'] {
  if (row === 'crashed') return 'failed';
  if (row === 'queued') return 'running';
  return row;
}
