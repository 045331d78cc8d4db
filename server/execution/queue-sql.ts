import type { Dialect } from '../db/index';
import { parseJson } from './run-codec';
import { inList, num, str, strOrNull, type SqlRow, type SqlRunner, type SqlValue } from './sql';
import type { JobLease } from './run-executor';

const JOB_RETURNING = 'RETURNING id, kind, run_id, workflow_id, payload, attempts';

export function toLease(row: SqlRow): JobLease {
  return {
    jobId: str(row.id),
    kind: str(row.kind),
    runId: strOrNull(row.run_id),
    workflowId: strOrNull(row.workflow_id),
    payload: parseJson(row.payload),
    attempts: num(row.attempts),
  };
}

/** Marks claimed runs as running (a run waiting for a resume job, or queued, starts now). */
export async function markRunsRunning(tx: SqlRunner, leases: JobLease[], now: number): Promise<void> {
  const runIds = leases.flatMap((lease) => (lease.runId ? [lease.runId] : []));
  if (runIds.length === 0) return;
  await tx.run(
    `UPDATE runs SET status = 'running', updated_at = ? WHERE id IN (${inList(runIds.length)}) AND status IN ('queued', 'waiting')`,
    [now, ...runIds],
  );
}

/**
 * Claims up to `limit` due queued jobs for `owner` until `lockedUntil`, oldest first. The
 * `status = 'queued'` check in the UPDATE makes a claim race-free; on Postgres SKIP LOCKED lets
 * concurrent workers pass each other instead of queueing on the same rows.
 */
export async function claimJobs(
  tx: SqlRunner,
  input: { dialect: Dialect; owner: string; now: number; lockedUntil: number; limit: number },
): Promise<JobLease[]> {
  const skipLocked = input.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  const rows = await tx.all(
    `UPDATE jobs SET status = 'leased', lease_owner = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
      WHERE status = 'queued' AND id IN (
        SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ? ORDER BY run_at LIMIT ?${skipLocked})
      ${JOB_RETURNING}`,
    [input.owner, input.lockedUntil, input.now, input.now, input.limit],
  );
  const leases = rows.map(toLease);
  await markRunsRunning(tx, leases, input.now);
  return leases;
}

/**
 * Claims with per-workflow limits: picks candidates in order, skipping workflows already running
 * their limit (counted across every process), then claims exactly those.
 */
export async function claimJobsWithLimits(
  tx: SqlRunner,
  input: {
    owner: string;
    now: number;
    lockedUntil: number;
    limit: number;
    limits: Record<string, number>;
  },
): Promise<JobLease[]> {
  const limited = Object.keys(input.limits);
  const running = new Map<string, number>();
  if (limited.length > 0) {
    const counts = await tx.all(
      `SELECT workflow_id, COUNT(*) AS n FROM jobs WHERE status = 'leased' AND workflow_id IN (${inList(limited.length)}) GROUP BY workflow_id`,
      limited,
    );
    for (const row of counts) running.set(str(row.workflow_id), num(row.n));
  }
  const candidates = await tx.all(
    "SELECT id, workflow_id FROM jobs WHERE status = 'queued' AND run_at <= ? ORDER BY run_at LIMIT ?",
    [input.now, input.limit * 4],
  );
  const chosen: string[] = [];
  for (const row of candidates) {
    if (chosen.length >= input.limit) break;
    const workflowId = strOrNull(row.workflow_id);
    const limit = workflowId === null ? undefined : input.limits[workflowId];
    if (workflowId !== null && limit !== undefined) {
      const count = running.get(workflowId) ?? 0;
      if (count >= limit) continue;
      running.set(workflowId, count + 1);
    }
    chosen.push(str(row.id));
  }
  if (chosen.length === 0) return [];
  const rows = await tx.all(
    `UPDATE jobs SET status = 'leased', lease_owner = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
      WHERE status = 'queued' AND id IN (${inList(chosen.length)}) ${JOB_RETURNING}`,
    [input.owner, input.lockedUntil, input.now, ...chosen],
  );
  const leases = rows.map(toLease);
  await markRunsRunning(tx, leases, input.now);
  return leases;
}

/** Extends the leases of the jobs this process is working on; returns runs someone asked to cancel. */
export async function renewLeases(
  tx: SqlRunner,
  input: { owner: string; jobIds: string[]; now: number; lockedUntil: number },
): Promise<string[]> {
  if (input.jobIds.length === 0) return [];
  const params: SqlValue[] = [input.lockedUntil, input.now, input.owner, ...input.jobIds];
  await tx.run(
    `UPDATE jobs SET locked_until = ?, updated_at = ? WHERE lease_owner = ? AND status = 'leased' AND id IN (${inList(input.jobIds.length)})`,
    params,
  );
  const rows = await tx.all(
    `SELECT j.run_id FROM jobs j JOIN runs r ON r.id = j.run_id
      WHERE j.lease_owner = ? AND j.status = 'leased' AND r.cancel_requested = ?`,
    [input.owner, true],
  );
  return rows.map((row) => str(row.run_id));
}

/** Ends a job this process holds; false when the lease was lost meanwhile. */
export async function settleJob(
  tx: SqlRunner,
  input: {
    jobId: string;
    owner: string;
    now: number;
    status: 'done' | 'failed' | 'queued';
    runAt?: number;
    error?: string;
  },
): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE jobs SET status = ?, lease_owner = NULL, locked_until = NULL, run_at = COALESCE(?, run_at), last_error = COALESCE(?, last_error), updated_at = ?
      WHERE id = ? AND lease_owner = ? AND status = 'leased'`,
    [input.status, input.runAt ?? null, input.error ?? null, input.now, input.jobId, input.owner],
  );
  return changed > 0;
}
