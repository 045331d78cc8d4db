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

/**
 * Extends the leases of the jobs this process is working on. Returns the jobs whose lease was
 * extended (a job missing from it is no longer ours: another worker took it over, or it just
 * ended) and the runs someone asked to cancel. `runner` may be a transaction or, on Postgres, the
 * pool itself: one autocommit statement each, so a heartbeat never waits behind the write batcher.
 */
export async function renewLeases(
  runner: SqlRunner,
  input: { dialect: Dialect; owner: string; jobIds: string[]; now: number; lockedUntil: number },
): Promise<{ renewed: string[]; canceled: string[] }> {
  if (input.jobIds.length === 0) return { renewed: [], canceled: [] };
  // Postgres: rows locked right now (our own checkpoint committing, a claim judging a
  // re-delivery) are skipped, not waited for: no lock queue, no deadlock with a batch; the next
  // beat renews them.
  const skipLocked = input.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  const params: SqlValue[] = [input.lockedUntil, input.now, input.owner, ...input.jobIds];
  const renewed = await runner.all(
    `UPDATE jobs SET locked_until = ?, updated_at = ? WHERE id IN (
        SELECT id FROM jobs WHERE lease_owner = ? AND status = 'leased' AND id IN (${inList(input.jobIds.length)})${skipLocked})
      RETURNING id`,
    params,
  );
  const rows = await runner.all(
    `SELECT j.run_id FROM jobs j JOIN runs r ON r.id = j.run_id
      WHERE j.lease_owner = ? AND j.status = 'leased' AND r.cancel_requested = ?`,
    [input.owner, true],
  );
  return { renewed: renewed.map((row) => str(row.id)), canceled: rows.map((row) => str(row.run_id)) };
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
