import type { ExecutionContext } from './context';
import { parseJson } from './run-codec';
import {
  CONCURRENCY_SETTING_KEY,
  concurrencyFromStored,
  RETENTION_SETTING_KEY,
  retentionFromStored,
  type RetentionSettings,
} from './settings';
import { inList, str, type SqlValue } from './sql';
import { IDEMPOTENCY_WINDOW_MS } from './write-batcher';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Runs deleted per transaction, and the pause between transactions: each delete rides in the
 * writer's next batch, so small ones keep webhooks flowing while a large history is pruned.
 */
const DELETE_BATCH = 100;
const DELETE_PAUSE_MS = 20;
/** Finished jobs are kept a day (a schedule tick's singleton key must outlive clock skew). */
const JOB_KEEP_MS = DAY_MS;

/** Reads the retention setting from the settings table (stored as JSON) into the context. */
export async function loadRetention(ctx: ExecutionContext): Promise<RetentionSettings> {
  const rows = await ctx.sql.read.all('SELECT value FROM settings WHERE key = ?', [RETENTION_SETTING_KEY]);
  const raw = rows[0]?.value;
  const retention = retentionFromStored(typeof raw === 'string' ? parseJson(raw) : raw);
  ctx.settings = { ...ctx.settings, retention };
  return retention;
}

/**
 * Reads `executions.concurrency` ({ perProcess, perWorkflow }) from the settings table into the
 * context; the environment's MUSUBI_CONCURRENCY stays the default. A process that executes nothing
 * (web, scheduler) keeps 0.
 */
export async function loadConcurrency(ctx: ExecutionContext): Promise<void> {
  const rows = await ctx.sql.read.all('SELECT value FROM settings WHERE key = ?', [CONCURRENCY_SETTING_KEY]);
  const raw = rows[0]?.value;
  const stored = concurrencyFromStored(typeof raw === 'string' ? parseJson(raw) : raw, ctx.settings);
  const concurrency = ctx.settings.concurrency === 0 ? 0 : stored.concurrency;
  ctx.settings = { ...ctx.settings, concurrency, workflowConcurrency: stored.workflowConcurrency };
}

export interface PruneResult {
  deletedRuns: number;
  /** SQLite: pages handed back to the file system by incremental vacuum. */
  vacuumed: boolean;
}

async function deleteRuns(
  ctx: ExecutionContext,
  select: { sql: string; params: SqlValue[]; signal: AbortSignal | undefined },
): Promise<number> {
  let deleted = 0;
  for (;;) {
    if (select.signal?.aborted) return deleted;
    const rows = await ctx.sql.read.all(select.sql, select.params);
    if (rows.length === 0) return deleted;
    const ids = rows.map((row) => str(row.id));
    // Steps, payloads and waitpoints go with their run (ON DELETE CASCADE).
    await ctx.batcher.custom((tx) => tx.run(`DELETE FROM runs WHERE id IN (${inList(ids.length)})`, ids));
    deleted += ids.length;
    if (rows.length < DELETE_BATCH) return deleted;
    await new Promise((resolve) => setTimeout(resolve, DELETE_PAUSE_MS));
  }
}

/**
 * Prunes the run history: finished runs older than the age limit, then the oldest finished runs
 * beyond the count limit (runs still queued, running or waiting are never touched); expired
 * idempotency keys and old finished jobs too. On SQLite the freed pages are given back to the
 * file system (incremental vacuum) and the WAL is truncated.
 */
export async function pruneHistory(ctx: ExecutionContext, signal?: AbortSignal): Promise<PruneResult> {
  const retention = await loadRetention(ctx);
  const now = ctx.clock.now();
  const cutoff = now - retention.maxAgeDays * DAY_MS;
  let deletedRuns = await deleteRuns(ctx, {
    sql: `SELECT id FROM runs WHERE finished_at IS NOT NULL AND finished_at < ? LIMIT ${DELETE_BATCH}`,
    params: [cutoff],
    signal,
  });
  deletedRuns += await deleteRuns(ctx, {
    sql: `SELECT id FROM runs WHERE finished_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ${DELETE_BATCH} OFFSET ${retention.maxCount}`,
    params: [],
    signal,
  });
  await ctx.batcher.custom(async (tx) => {
    await tx.run('DELETE FROM idempotency_keys WHERE created_at < ?', [now - IDEMPOTENCY_WINDOW_MS]);
    await tx.run("DELETE FROM jobs WHERE status IN ('done', 'failed') AND updated_at < ?", [
      now - JOB_KEEP_MS,
    ]);
  });
  if (signal?.aborted) return { deletedRuns, vacuumed: false };
  const vacuumed = await compact(ctx);
  if (deletedRuns > 0) ctx.logger.info('run history pruned', { deletedRuns, vacuumed });
  return { deletedRuns, vacuumed };
}

/** SQLite only: hands free pages back to the file system and truncates the WAL. */
export async function compact(ctx: ExecutionContext): Promise<boolean> {
  if (ctx.sql.dialect !== 'sqlite') return false;
  await ctx.batcher.idle();
  await ctx.sql.maintenance('PRAGMA incremental_vacuum');
  await ctx.sql.maintenance('PRAGMA wal_checkpoint(TRUNCATE)');
  return true;
}
