import type { ExecutionContext } from './context';
import { isDeadLocalOwner } from './ids';
import { inList, num, str, strOrNull, type SqlRunner } from './sql';

export interface ReapResult {
  /** Jobs handed back to the queue. */
  requeued: number;
  /** Runs ended `crashed` because their lease ran out too often. */
  crashed: string[];
}

export function crashError(expiries: number): string {
  return JSON.stringify({
    code: 'crashed',
    message: `The run stopped: the process running it disappeared or stopped answering ${expiries} times (lease expired). It is not tried again; retry it from the history once the cause is fixed.`,
    localized: {
      ja: `実行を担当するプロセスが ${expiries} 回応答しなくなったため（リースの期限切れ）、実行を中止しました。原因を解消してから履歴から再実行してください。`,
      en: `The run stopped: the process running it disappeared or stopped answering ${expiries} times (lease expired). It is not tried again; retry it from the history once the cause is fixed.`,
    },
  });
}

/**
 * Hands back jobs whose worker is gone: leases past `locked_until`, and leases held by a process
 * on this machine that is no longer running (a `kill -9` and restart needs no wait). A job whose
 * lease ran out more than `maxLeaseExpiries` times ends its run as `crashed` instead, so a run
 * that kills its worker every time is not retried forever.
 */
export async function reapExpiredLeases(ctx: ExecutionContext): Promise<ReapResult> {
  const owners = await ctx.sql.read.all(
    "SELECT DISTINCT lease_owner FROM jobs WHERE status = 'leased' AND lease_owner IS NOT NULL",
  );
  const dead = owners
    .map((row) => str(row.lease_owner))
    .filter((owner) => isDeadLocalOwner(owner, ctx.owner));
  return ctx.batcher.custom((tx) => reapIn(tx, { ctx, dead }));
}

async function reapIn(tx: SqlRunner, input: { ctx: ExecutionContext; dead: string[] }): Promise<ReapResult> {
  const { ctx, dead } = input;
  const now = ctx.clock.now();
  const deadClause = dead.length > 0 ? ` OR lease_owner IN (${inList(dead.length)})` : '';
  const rows = await tx.all(
    `SELECT id, run_id, expiries FROM jobs WHERE status = 'leased' AND (locked_until < ?${deadClause})`,
    [now, ...dead],
  );
  if (rows.length === 0) return { requeued: 0, crashed: [] };
  const requeue: string[] = [];
  const crash: Array<{ jobId: string; runId: string | null; expiries: number }> = [];
  for (const row of rows) {
    const expiries = num(row.expiries) + 1;
    if (expiries > ctx.settings.maxLeaseExpiries)
      crash.push({ jobId: str(row.id), runId: strOrNull(row.run_id), expiries });
    else requeue.push(str(row.id));
  }
  if (requeue.length > 0) {
    await tx.run(
      `UPDATE jobs SET status = 'queued', lease_owner = NULL, locked_until = NULL, expiries = expiries + 1, updated_at = ?
        WHERE status = 'leased' AND id IN (${inList(requeue.length)})`,
      [now, ...requeue],
    );
  }
  for (const entry of crash) await crashJob(tx, { ...entry, now });
  if (requeue.length > 0 || crash.length > 0) {
    ctx.logger.warn('expired job leases handed back', { requeued: requeue.length, crashed: crash.length });
  }
  return { requeued: requeue.length, crashed: crash.flatMap((entry) => (entry.runId ? [entry.runId] : [])) };
}

/** Ends a job whose lease ran out too often, and its run as `crashed` with the reason. */
export async function crashJob(
  tx: SqlRunner,
  entry: { jobId: string; runId: string | null; expiries: number; now: number },
): Promise<void> {
  const error = crashError(entry.expiries);
  const { now } = entry;
  await tx.run(
    `UPDATE jobs SET status = 'failed', lease_owner = NULL, locked_until = NULL, expiries = ?, last_error = ?, updated_at = ?
      WHERE id = ? AND status = 'leased'`,
    [entry.expiries, error, now, entry.jobId],
  );
  if (entry.runId !== null) {
    await tx.run(
      `UPDATE runs SET status = 'crashed', finished_at = ?, error = ?, updated_at = ?
        WHERE id = ? AND status IN ('queued', 'running', 'waiting')`,
      [now, error, now, entry.runId],
    );
  }
}

/**
 * Reaps, then tells everyone of the runs it ended: waiting callers here (a sync webhook, a manual
 * run), the stop hooks (a bot's conversation closes with its closing line) and other processes
 * (NOTIFY). Without it a crashed chat stayed open until the visitor's next message.
 */
export async function reapAndAnnounce(ctx: ExecutionContext): Promise<ReapResult> {
  const reaped = await ctx.delivery.reap();
  if (reaped.crashed.length === 0) return reaped;
  await ctx.batcher.announce(reaped.crashed.map((runId) => ({ runId, kind: 'crashed' as const })));
  for (const runId of reaped.crashed) {
    ctx.waiters.settled({ runId, status: 'crashed', error: { code: 'crashed', message: 'The run crashed' } });
  }
  return reaped;
}
