import { isRecord } from '../../runtime/engine/registry';
import type { RunOutcome, RunSignal } from './outcomes';
import { isRunRowStatus, parseJson } from './run-codec';
import type { SqlRunner } from './sql';

/** A run as its row stores it: status, the respond node's answer, the error of a failed run. */
export async function readStoredOutcome(read: SqlRunner, runId: string): Promise<RunOutcome | undefined> {
  const rows = await read.all('SELECT status, error, state FROM runs WHERE id = ?', [runId]);
  const row = rows[0];
  if (!row || !isRunRowStatus(row.status)) return undefined;
  const stored = parseJson(row.state);
  const response = isRecord(stored) ? responseOf(stored.response) : undefined;
  return { runId, status: row.status, response, error: errorOf(parseJson(row.error)) };
}

/**
 * A run's response or end as stored (for runs executed elsewhere, or already over): the answer
 * when `untilResponse` and one is stored, the outcome once the run ended; nothing while it goes on.
 */
export async function readStoredSignal(
  read: SqlRunner,
  runId: string,
  untilResponse: boolean,
): Promise<RunSignal | undefined> {
  const outcome = await readStoredOutcome(read, runId);
  if (!outcome) return undefined;
  if (untilResponse && outcome.response) return { kind: 'response', response: outcome.response, runId };
  if (!hasEnded(outcome.status)) return undefined;
  return { kind: 'settled', outcome };
}

/** True for a status a run does not leave (not queued, running or waiting). */
export function hasEnded(status: RunOutcome['status']): boolean {
  return status !== 'queued' && status !== 'running' && status !== 'waiting';
}

function responseOf(value: unknown): RunOutcome['response'] {
  if (!isRecord(value) || typeof value.status !== 'number') return undefined;
  const headers: Record<string, string> = {};
  if (isRecord(value.headers)) {
    for (const [name, header] of Object.entries(value.headers))
      if (typeof header === 'string') headers[name] = header;
  }
  return { status: value.status, headers, body: value.body };
}

function errorOf(value: unknown): RunOutcome['error'] {
  if (!isRecord(value) || typeof value.code !== 'string' || typeof value.message !== 'string') return null;
  return { ...value, code: value.code, message: value.message };
}
