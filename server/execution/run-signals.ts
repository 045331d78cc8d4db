import { randomBytes } from 'node:crypto';
import { isRecord } from '../../runtime/engine/registry';
import type { RunRowStatus } from '../db/models/index';
import { isRunRowStatus } from './run-codec';
import type { SqlRunner } from './sql';

/** Postgres NOTIFY channel: runs that stopped (or answered) in the transaction that sent it. */
export const RUNS_CHANNEL = 'musubi_runs';

/**
 * What a committed write did to a run, as other processes hear it: `responded` (a respond node's
 * answer is stored), a stop (`waiting` or an end), or `released` (handed back to the queue).
 */
export type RunStopKind = RunRowStatus | 'responded' | 'released';

export interface RunStop {
  runId: string;
  kind: RunStopKind;
}

/** Entries per NOTIFY: ~50 bytes each keeps a payload near 3 KB, far below Postgres's 8000 bytes. */
const STOPS_PER_NOTIFY = 60;

/** A short id of this process, carried in every payload so a process ignores its own. */
export function newOrigin(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Sends the stops inside `tx`: Postgres delivers a NOTIFY only when its transaction commits, so a
 * listener never hears of a stop that was rolled back, nor before its rows are visible. Only ids
 * and statuses travel; a listener that needs more (the respond node's answer) reads the row.
 */
export async function notifyRunStops(tx: SqlRunner, origin: string, stops: RunStop[]): Promise<void> {
  for (let start = 0; start < stops.length; start += STOPS_PER_NOTIFY) {
    const part = stops.slice(start, start + STOPS_PER_NOTIFY);
    const payload = JSON.stringify({ o: origin, r: part.map((stop) => [stop.runId, stop.kind]) });
    await tx.all('SELECT pg_notify(?, ?)', [RUNS_CHANNEL, payload]);
  }
}

function isStopKind(value: unknown): value is RunStopKind {
  return value === 'responded' || value === 'released' || isRunRowStatus(value);
}

/** The payload of a RUNS_CHANNEL notification; undefined when it is not one (or malformed). */
export function parseRunStops(payload: string): { origin: string; stops: RunStop[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const { o, r } = parsed;
  if (typeof o !== 'string' || !Array.isArray(r)) return undefined;
  const stops: RunStop[] = [];
  const entries: unknown[] = r;
  for (const entry of entries) {
    if (!Array.isArray(entry)) continue;
    const runId: unknown = entry[0];
    const kind: unknown = entry[1];
    if (typeof runId === 'string' && isStopKind(kind)) stops.push({ runId, kind });
  }
  return { origin: o, stops };
}
