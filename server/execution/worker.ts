import type { ExecutionContext } from './context';
import { renewLeases, settleJob } from './queue-sql';
import { ActiveRun, executeRunJob, type JobLease, type PreparedRun } from './run-executor';

/** A job kind that is not a run (queued by a node through the QueuePort, or by another feature). */
export type JobHandler = (input: { data: unknown; job: JobLease; signal: AbortSignal }) => Promise<void>;

/** A place in this process's concurrency limit, taken before a job is written as ours. */
export interface Slot {
  workflowId: string | null;
  settled: boolean;
  /**
   * When the place was taken: a job written as ours with it is leased from a moment just before
   * (its `now` is read first), so this + the lease is where our lease ends, give or take a query.
   */
  reservedAt: number;
}

interface ActiveJob {
  job: JobLease;
  run: ActiveRun | undefined;
  controller: AbortController;
  promise: Promise<void>;
}

/** Attempts for a handler job before it is marked failed; retries back off 2^n seconds. */
const HANDLER_ATTEMPTS = 5;

/**
 * Executes jobs within this process's concurrency limit. Jobs reach it two ways: handed over in
 * memory by the process that accepted them (already leased to us, nothing to read back), or
 * claimed through the job delivery (table or pg-boss) when `claims` is on (worker / all roles).
 */
export class Worker {
  private readonly active = new Map<string, ActiveJob>();
  /**
   * Per job executing here: the end of the lease as last committed by us (claim, hand-over or
   * renewal). A step starts only while enough of it is left (see `fence`).
   */
  private readonly heldUntil = new Map<string, number>();
  private renewing: Promise<void> | undefined;
  private readonly perWorkflow = new Map<string, number>();
  private reserved = 0;
  private stopped = false;
  private claiming = false;
  private claimQueued = false;
  /** False after a claim found less than it asked for, until something new is queued. */
  private mayHaveWork = true;
  readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly options: { claims: boolean },
  ) {}

  /** Jobs running or about to run here. */
  get busy(): number {
    return this.active.size + this.reserved;
  }

  /** Ids of the runs executing here. */
  activeRunIds(): string[] {
    return [...this.active.values()].flatMap((entry) => (entry.run ? [entry.run.runId] : []));
  }

  /** Takes a place for a job of `workflowId`, or undefined when this process is full (or stopping). */
  tryReserve(workflowId: string | null): Slot | undefined {
    if (this.stopped || this.busy >= this.ctx.settings.concurrency) return undefined;
    const limit = workflowId === null ? undefined : this.ctx.settings.workflowConcurrency[workflowId];
    if (workflowId !== null && limit !== undefined && (this.perWorkflow.get(workflowId) ?? 0) >= limit) {
      return undefined;
    }
    this.reserved++;
    this.countWorkflow(workflowId, +1);
    return { workflowId, settled: false, reservedAt: this.ctx.clock.now() };
  }

  /** Gives a place back unused (the job was not written). */
  cancelReservation(slot: Slot): void {
    if (slot.settled) return;
    slot.settled = true;
    this.reserved--;
    this.countWorkflow(slot.workflowId, -1);
  }

  /** Starts a job leased to this process in the place reserved for it. */
  start(slot: Slot, job: JobLease, prepared?: PreparedRun): Promise<void> {
    if (!slot.settled) {
      slot.settled = true;
      this.reserved--;
    }
    this.heldUntil.set(job.jobId, slot.reservedAt + this.ctx.settings.leaseMs);
    return this.launch(job, prepared);
  }

  /** Something was queued: look for work soon. */
  notify(): void {
    this.mayHaveWork = true;
    if (!this.options.claims || this.claimQueued) return;
    this.claimQueued = true;
    setImmediate(() => {
      this.claimQueued = false;
      void this.claimNow().catch((error: unknown) =>
        this.ctx.logger.warn('claiming jobs failed', { error: String(error) }),
      );
    });
  }

  /** Claims as many due jobs as there are free places and starts them; returns how many. */
  async claimNow(options: { force?: boolean } = {}): Promise<number> {
    if (!this.options.claims || this.stopped || this.claiming) return 0;
    if (!this.mayHaveWork && !options.force) return 0;
    const free = this.ctx.settings.concurrency - this.busy;
    if (free <= 0) return 0;
    this.claiming = true;
    try {
      const now = this.ctx.clock.now();
      const base = {
        owner: this.ctx.owner.id,
        now,
        lockedUntil: now + this.ctx.settings.leaseMs,
        limit: free,
      };
      const limits = this.ctx.settings.workflowConcurrency;
      const jobs = await this.ctx.batcher.custom((tx) => this.ctx.delivery.claim(tx, { ...base, limits }));
      this.mayHaveWork = jobs.length >= free;
      for (const job of jobs) {
        this.countWorkflow(job.workflowId, +1);
        // Computed before the claim was queued: our lease ends no later than this.
        this.heldUntil.set(job.jobId, base.lockedUntil);
        void this.launch(job);
      }
      return jobs.length;
    } finally {
      this.claiming = false;
    }
  }

  /**
   * The lease heartbeat: extends our leases and aborts runs someone asked (from another process)
   * to cancel. Concurrent calls share one renewal. On Postgres it is one autocommit statement on
   * the pool, not a write-batcher transaction: a heartbeat queued behind slow batches on a loaded
   * machine could let a lease run out while its run still executes here, and another worker would
   * then take the run over and execute its current step again.
   */
  renewNow(): Promise<void> {
    this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renew(): Promise<void> {
    const jobIds = [...this.active.keys()];
    if (jobIds.length === 0) return;
    const now = this.ctx.clock.now();
    const lockedUntil = now + this.ctx.settings.leaseMs;
    const input = { dialect: this.ctx.sql.dialect, owner: this.ctx.owner.id, jobIds, now, lockedUntil };
    // SQLite has one writer connection: there the batcher's transaction is the only way in.
    const { renewed, canceled } =
      this.ctx.sql.dialect === 'postgres'
        ? await renewLeases(this.ctx.sql.read, input)
        : await this.ctx.batcher.custom((tx) => renewLeases(tx, input));
    // A job not renewed keeps its old end: not yet written (handed over while its accept
    // commits), just ended, or taken over. The fence stops its run once that end comes near.
    for (const jobId of renewed) if (this.active.has(jobId)) this.heldUntil.set(jobId, lockedUntil);
    for (const runId of canceled) this.abortRun(runId, 'canceled');
  }

  /**
   * The fence before each step of a run (the engine's beforeStep hook). A step starts only while
   * at least a renewal interval of our lease is left: then no other worker can have taken the run
   * (it takes a job only once its lease has run out). With less left (renewals came late) it
   * renews first; if the lease is still not ours, the run stops here without starting the step,
   * and whoever holds the job now resumes it from the last checkpoint. Synchronous when fresh.
   */
  private fence(jobId: string, run: ActiveRun): void | Promise<void> {
    if (this.leaseFresh(jobId)) return;
    return this.renewNow().then(
      () => {
        if (!this.leaseFresh(jobId)) this.loseLease(jobId, run);
      },
      async (error: unknown) => {
        // Unknown whether it is still ours: stop before the step and hand the job back (fenced
        // on the lease), so it resumes soon elsewhere instead of after the lease runs out.
        this.ctx.logger.warn('lease renewal before a step failed', { jobId, error: String(error) });
        const entry = this.active.get(jobId);
        if (entry) await this.handBack(entry, 'its lease could not be renewed');
      },
    );
  }

  private leaseFresh(jobId: string): boolean {
    const until = this.heldUntil.get(jobId);
    const margin = Math.floor(this.ctx.settings.leaseMs / 3);
    return until !== undefined && this.ctx.clock.now() < until - margin;
  }

  private loseLease(jobId: string, run: ActiveRun): void {
    if (run.silent) return;
    this.ctx.logger.warn('run stopped before a step: its lease is no longer held here', {
      jobId,
      runId: run.runId,
    });
    run.leaseLost = true;
    run.controller.abort(new Error('lease lost'));
  }

  /** Cancels a run executing here; false when it is not here. */
  abortRun(runId: string, reason: string): boolean {
    for (const entry of this.active.values()) {
      if (entry.run?.runId === runId) {
        entry.run.controller.abort(new Error(reason));
        return true;
      }
    }
    return false;
  }

  /** Resolves when nothing is running here (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.active.size > 0)
      await Promise.allSettled([...this.active.values()].map((entry) => entry.promise));
  }

  /**
   * Stops taking work, lets running jobs finish for `graceMs`, then hands the rest back to the
   * queue: their finished steps are written and their jobs queued again for another process.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    const running = [...this.active.values()].map((entry) => entry.promise);
    if (running.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.allSettled(running), grace]);
      clearTimeout(timer);
    }
    const leftovers = [...this.active.values()];
    await Promise.all(leftovers.map((entry) => this.handBack(entry, 'shutdown')));
  }

  private async handBack(entry: ActiveJob, reason: string): Promise<void> {
    const now = this.ctx.clock.now();
    const owner = this.ctx.owner.id;
    if (entry.run) {
      entry.run.released = true;
      const checkpoint = entry.run.checkpoint;
      if (checkpoint) await checkpoint.release();
      else await this.settle({ jobId: entry.job.jobId, owner, now, status: 'queued' });
      entry.run.controller.abort(new Error(reason));
    } else {
      await this.settle({ jobId: entry.job.jobId, owner, now, status: 'queued' });
      entry.controller.abort(new Error(reason));
    }
    this.ctx.logger.info('job handed back to the queue', { jobId: entry.job.jobId, reason });
  }

  /** Ends (or hands back) a job this process holds, then tells the delivery. */
  private async settle(input: Parameters<typeof settleJob>[1]): Promise<void> {
    const held = await this.ctx.batcher.custom((tx) => settleJob(tx, input));
    if (held) this.ctx.delivery.settled([{ id: input.jobId, status: input.status }]);
  }

  private countWorkflow(workflowId: string | null, delta: number): void {
    if (workflowId === null) return;
    const next = (this.perWorkflow.get(workflowId) ?? 0) + delta;
    if (next <= 0) this.perWorkflow.delete(workflowId);
    else this.perWorkflow.set(workflowId, next);
  }

  private launch(job: JobLease, prepared?: PreparedRun): Promise<void> {
    const isRun = job.runId !== null && (job.kind === 'run' || job.kind === 'resume');
    const run = isRun && job.runId !== null ? new ActiveRun(job.runId) : undefined;
    const controller = run?.controller ?? new AbortController();
    const promise = (async () => {
      try {
        if (run) {
          const fence = (): void | Promise<void> => this.fence(job.jobId, run);
          await executeRunJob({ ctx: this.ctx, job, active: run, prepared, fence });
        } else await this.runHandler(job, controller.signal);
      } catch (error) {
        // The job stays leased; its lease runs out and the reaper hands it to another attempt.
        this.ctx.logger.error('job failed to execute', {
          jobId: job.jobId,
          kind: job.kind,
          error: String(error),
        });
      } finally {
        this.active.delete(job.jobId);
        this.heldUntil.delete(job.jobId);
        this.countWorkflow(job.workflowId, -1);
        if (!this.stopped) this.notify();
      }
    })();
    this.active.set(job.jobId, { job, run, controller, promise });
    return promise;
  }

  private async runHandler(job: JobLease, signal: AbortSignal): Promise<void> {
    const owner = this.ctx.owner.id;
    const handler = this.handlers.get(job.kind);
    const data = job.payload;
    try {
      if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}" in this process.`);
      await handler({ data, job, signal });
      const now = this.ctx.clock.now();
      await this.settle({ jobId: job.jobId, owner, now, status: 'done' });
    } catch (error) {
      const now = this.ctx.clock.now();
      const message = error instanceof Error ? error.message : String(error);
      const last = job.attempts >= HANDLER_ATTEMPTS || !handler;
      const runAt = now + 1000 * 2 ** Math.min(job.attempts, 10);
      await this.settle({
        jobId: job.jobId,
        owner,
        now,
        status: last ? 'failed' : 'queued',
        runAt,
        error: message,
      });
      this.ctx.logger.warn('job failed', {
        jobId: job.jobId,
        kind: job.kind,
        attempt: job.attempts,
        error: message,
      });
    }
  }
}
