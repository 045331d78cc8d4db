import type { ExecutionContext } from './context';
import { renewLeases, settleJob } from './queue-sql';
import { ActiveRun, executeRunJob, type JobLease, type PreparedRun } from './run-executor';

/** A job kind that is not a run (queued by a node through the QueuePort, or by another feature). */
export type JobHandler = (input: { data: unknown; job: JobLease; signal: AbortSignal }) => Promise<void>;

/** A place in this process's concurrency limit, taken before a job is written as ours. */
export interface Slot {
  workflowId: string | null;
  settled: boolean;
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
    return { workflowId, settled: false };
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
        void this.launch(job);
      }
      return jobs.length;
    } finally {
      this.claiming = false;
    }
  }

  /** Extends our leases and aborts runs someone asked (from another process) to cancel. */
  async renewNow(): Promise<void> {
    const jobIds = [...this.active.keys()];
    if (jobIds.length === 0) return;
    const now = this.ctx.clock.now();
    const lockedUntil = now + this.ctx.settings.leaseMs;
    const owner = this.ctx.owner.id;
    const canceled = await this.ctx.batcher.custom((tx) =>
      renewLeases(tx, { owner, jobIds, now, lockedUntil }),
    );
    for (const runId of canceled) this.abortRun(runId, 'canceled');
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
    await Promise.all(leftovers.map((entry) => this.handBack(entry)));
  }

  private async handBack(entry: ActiveJob): Promise<void> {
    const now = this.ctx.clock.now();
    const owner = this.ctx.owner.id;
    if (entry.run) {
      entry.run.released = true;
      const checkpoint = entry.run.checkpoint;
      if (checkpoint) await checkpoint.release();
      else await this.settle({ jobId: entry.job.jobId, owner, now, status: 'queued' });
      entry.run.controller.abort(new Error('shutdown'));
    } else {
      await this.settle({ jobId: entry.job.jobId, owner, now, status: 'queued' });
      entry.controller.abort(new Error('shutdown'));
    }
    this.ctx.logger.info('job handed back to the queue at shutdown', { jobId: entry.job.jobId });
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
        if (run) await executeRunJob({ ctx: this.ctx, job, active: run, prepared });
        else await this.runHandler(job, controller.signal);
      } catch (error) {
        // The job stays leased; its lease runs out and the reaper hands it to another attempt.
        this.ctx.logger.error('job failed to execute', {
          jobId: job.jobId,
          kind: job.kind,
          error: String(error),
        });
      } finally {
        this.active.delete(job.jobId);
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
