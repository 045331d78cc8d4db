import type PgBoss from 'pg-boss';
import type { ExecutionContext } from '../context';
import type { ClaimInput, EnqueuedJob, JobDelivery, SettledJob } from '../delivery';
import { isDeadLocalOwner } from '../ids';
import { markRunsRunning, toLease } from '../queue-sql';
import { crashJob, type ReapResult } from '../reaper';
import type { JobLease } from '../run-executor';
import { inList, num, str, strOrNull, type SqlRow, type SqlRunner } from '../sql';
import { PGBOSS_QUEUE, PGBOSS_RETRY_LIMIT, dbOf } from './boss';

/** Postgres NOTIFY channel: a commit that queued jobs wakes the workers listening (session.ts). */
export const JOBS_CHANNEL = 'musubi_jobs';

const RUN_KINDS = new Set(['run', 'resume']);

/** Whole seconds from `now` to `at` (pg-boss counts start_after on the database's clock). */
function secondsFrom(now: number, at: number): string {
  return String(Math.max(0, Math.ceil((at - now) / 1000)));
}

/**
 * Jobs delivered by pg-boss. Each job row gets a pg-boss job with the same id, inserted in the
 * transaction that wrote the row. Workers fetch with pg-boss (`FOR UPDATE SKIP LOCKED`) and, in
 * the same transaction, take the row's lease:
 * - row queued: leased to this worker;
 * - row leased and its lease alive (another worker renews it): the delivery is deferred;
 * - row leased and its lease run out, or held by a dead process on this machine: taken over
 *   (`expiries` + 1; past `maxLeaseExpiries` the run ends `crashed`), and the run resumes from its
 *   last checkpoint; the old worker's later writes are fenced off by the lease;
 * - row done, failed or gone: the delivery is completed.
 * A worker killed with `kill -9` stops renewing; pg-boss expires its delivery (expireInSeconds)
 * and delivers it again. The end of a job completes its delivery after the commit; if that is
 * lost, the next delivery finds the row done and completes it.
 */
export class PgBossDelivery implements JobDelivery {
  readonly kind = 'pgboss';
  private ctx: ExecutionContext | undefined;
  private started = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly boss: PgBoss,
    private readonly options: { leaseMs: number },
  ) {}

  attach(ctx: ExecutionContext): void {
    this.ctx = ctx;
  }

  /** True once pg-boss's schema is in place and its queue exists (/readyz). */
  get isStarted(): boolean {
    return this.started;
  }

  private context(): ExecutionContext {
    if (!this.ctx) throw new Error('The job delivery is used before the execution layer was built.');
    return this.ctx;
  }

  /** A delivery comes back this long after it was deferred or its worker handed it back. */
  private get retryDelaySeconds(): number {
    return Math.max(1, Math.ceil(this.options.leaseMs / 3000));
  }

  /** A delivery whose worker stopped answering is given to another after this long. */
  private get expireInSeconds(): number {
    return Math.max(1, Math.ceil((2 * this.options.leaseMs) / 1000));
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(PGBOSS_QUEUE, {
      name: PGBOSS_QUEUE,
      policy: 'standard',
      retryLimit: PGBOSS_RETRY_LIMIT,
      retryDelay: this.retryDelaySeconds,
      expireInSeconds: this.expireInSeconds,
    });
    this.started = true;
  }

  async stop(): Promise<void> {
    await this.idle();
    this.started = false;
    await this.boss.stop({ graceful: false, wait: true });
  }

  async enqueued(tx: SqlRunner, jobs: EnqueuedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    // Before start its queue may not exist, and pg-boss would insert nothing without a word.
    if (!this.started) throw new Error('The pg-boss queue is not started yet; try again in a moment.');
    const now = this.context().clock.now();
    const inserts: PgBoss.JobInsert[] = jobs.map((job) => {
      const run = RUN_KINDS.has(job.kind);
      return {
        id: job.id,
        name: PGBOSS_QUEUE,
        data: { kind: job.kind },
        // A job this process executes from memory is delivered only if its lease runs out first.
        startAfter: secondsFrom(now, job.lockedUntil ?? job.runAt),
        expireInSeconds: this.expireInSeconds,
        retryLimit: PGBOSS_RETRY_LIMIT,
        retryDelay: run ? this.retryDelaySeconds : 1,
        // QueuePort jobs that fail come back after 1, 2, 4 … seconds (like the table queue).
        retryBackoff: !run,
      };
    });
    await this.boss.insert(inserts, { db: dbOf(tx) });
    if (jobs.some((job) => job.lockedUntil === null))
      await tx.all('SELECT pg_notify(?, ?)', [JOBS_CHANNEL, '']);
  }

  async claim(tx: SqlRunner, input: ClaimInput): Promise<JobLease[]> {
    const ctx = this.context();
    const db = dbOf(tx);
    const delivered = await this.boss.fetch(PGBOSS_QUEUE, { batchSize: input.limit, db });
    if (delivered.length === 0) return [];
    const rows = await tx.all(
      `SELECT id, kind, run_id, workflow_id, payload, attempts, status, lease_owner, locked_until, expiries
         FROM jobs WHERE id IN (${inList(delivered.length)}) FOR UPDATE`,
      delivered.map((job) => job.id),
    );
    const byId = new Map(rows.map((row) => [str(row.id), row]));
    const running = await this.runningPerWorkflow(tx, input.limits);
    const take: SqlRow[] = [];
    const close: string[] = [];
    const defer: string[] = [];
    for (const job of delivered) {
      const row = byId.get(job.id);
      const verdict = row ? this.judge(row, input) : 'close';
      if (verdict === 'close' || !row) close.push(job.id);
      else if (verdict === 'defer') defer.push(job.id);
      else if (verdict === 'crash') {
        await crashJob(tx, {
          jobId: job.id,
          runId: strOrNull(row.run_id),
          expiries: num(row.expiries) + 1,
          now: input.now,
        });
        close.push(job.id);
      } else if (!this.withinLimit(row, input.limits, running)) defer.push(job.id);
      else take.push(row);
    }
    for (const id of close) await this.boss.complete(PGBOSS_QUEUE, id, {}, { db });
    for (const id of defer) await this.boss.fail(PGBOSS_QUEUE, id, { deferred: true }, { db });
    if (take.length === 0) return [];
    const ids = take.map((row) => str(row.id));
    const leased = await tx.all(
      `UPDATE jobs SET lease_owner = ?, locked_until = ?, attempts = attempts + 1,
          expiries = expiries + CASE WHEN status = 'leased' THEN 1 ELSE 0 END, status = 'leased', updated_at = ?
        WHERE id IN (${inList(ids.length)})
        RETURNING id, kind, run_id, workflow_id, payload, attempts`,
      [input.owner, input.lockedUntil, input.now, ...ids],
    );
    const leases = leased.map(toLease);
    await markRunsRunning(tx, leases, input.now);
    if (leases.length < take.length) ctx.logger.warn('some delivered jobs could not be leased');
    return leases;
  }

  /** What to do with a delivered job, by its row. */
  private judge(row: SqlRow, input: ClaimInput): 'take' | 'defer' | 'close' | 'crash' {
    const ctx = this.context();
    const status = str(row.status);
    if (status === 'queued') return 'take';
    if (status !== 'leased') return 'close';
    const owner = strOrNull(row.lease_owner);
    // Ours: it executes here (handed over in memory), and we are alive by definition.
    if (owner === input.owner) return 'defer';
    const dead = owner !== null && isDeadLocalOwner(owner, ctx.owner);
    if (!dead && num(row.locked_until) >= input.now) return 'defer';
    return num(row.expiries) + 1 > ctx.settings.maxLeaseExpiries ? 'crash' : 'take';
  }

  private async runningPerWorkflow(
    tx: SqlRunner,
    limits: Record<string, number>,
  ): Promise<Map<string, number>> {
    const running = new Map<string, number>();
    const limited = Object.keys(limits);
    if (limited.length === 0) return running;
    const counts = await tx.all(
      `SELECT workflow_id, COUNT(*) AS n FROM jobs WHERE status = 'leased' AND workflow_id IN (${inList(limited.length)}) GROUP BY workflow_id`,
      limited,
    );
    for (const row of counts) running.set(str(row.workflow_id), num(row.n));
    return running;
  }

  private withinLimit(row: SqlRow, limits: Record<string, number>, running: Map<string, number>): boolean {
    const workflowId = strOrNull(row.workflow_id);
    const limit = workflowId === null ? undefined : limits[workflowId];
    if (workflowId === null || limit === undefined) return true;
    // A takeover replaces a lease already counted.
    const count = (running.get(workflowId) ?? 0) - (str(row.status) === 'leased' ? 1 : 0);
    if (count >= limit) return false;
    running.set(workflowId, count + 1);
    return true;
  }

  settled(jobs: SettledJob[]): void {
    if (jobs.length === 0) return;
    const ended = jobs.filter((job) => job.status !== 'queued').map((job) => job.id);
    const requeued = jobs.filter((job) => job.status === 'queued').map((job) => job.id);
    const write = (async () => {
      if (ended.length > 0) {
        // Fetched deliveries complete; one not fetched yet (a job executed from memory) is cancelled.
        await this.boss.complete(PGBOSS_QUEUE, ended);
        await this.boss.cancel(PGBOSS_QUEUE, ended);
      }
      // pg-boss delivers it again after the retry delay, to any worker.
      if (requeued.length > 0) await this.boss.fail(PGBOSS_QUEUE, requeued);
    })().catch((error: unknown) =>
      // Not fatal: the next delivery of these jobs finds their rows and settles them.
      this.context().logger.warn('settling pg-boss jobs failed', { error: String(error) }),
    );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /**
   * pg-boss's expiry (deliveries whose worker stopped answering come back), at once for leases of
   * a dead process on this machine (a `kill -9` and restart needs no wait).
   */
  async reap(): Promise<ReapResult> {
    if (!this.started) return { requeued: 0, crashed: [] };
    const ctx = this.context();
    await this.boss.expire();
    const rows = await ctx.sql.read.all(
      "SELECT id, lease_owner FROM jobs WHERE status = 'leased' AND lease_owner IS NOT NULL",
    );
    const dead = rows
      .filter((row) => isDeadLocalOwner(str(row.lease_owner), ctx.owner))
      .map((row) => str(row.id));
    let requeued = 0;
    for (const id of dead) {
      // Only a delivery still held by the dead process: failing a waiting one would postpone it.
      const job = await this.boss.getJobById(PGBOSS_QUEUE, id);
      if (job?.state !== 'active') continue;
      await this.boss.fail(PGBOSS_QUEUE, id);
      requeued++;
    }
    return { requeued, crashed: [] };
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
