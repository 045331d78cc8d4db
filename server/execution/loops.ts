import type { ExecutionContext } from './context';
import { reapExpiredLeases } from './reaper';
import { compact, loadConcurrency, pruneHistory } from './retention';
import type { Scheduler } from './scheduler';
import { num, str } from './sql';
import { wakeDueWaits } from './waits';
import type { WebhookRegistry } from './webhook-registry';
import type { Worker } from './worker';

/** How often the active workflows are compared with what is registered (other processes change them). */
const WATCH_MS = 5000;
/** How often the SQLite WAL is truncated between prunes. */
const TRUNCATE_MS = 5 * 60 * 1000;
/** How often the WAL is copied into the database in the background (the writer never does it). */
const CHECKPOINT_MS = 1000;
/** The first prune waits a little so start-up stays fast. */
const FIRST_PRUNE_MS = 30_000;

/**
 * The background work of the execution layer: claiming queued jobs, renewing leases, reaping
 * expired ones, waking due waits, firing schedules, pruning history, following workflow changes.
 * Each step is also callable by hand (tests drive them with a controlled clock).
 */
export class ExecutionLoops {
  private timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private watched = '';
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  constructor(
    private readonly options: {
      ctx: ExecutionContext;
      worker: Worker;
      scheduler: Scheduler | undefined;
      webhooks: WebhookRegistry;
      timers: boolean;
    },
  ) {}

  /** Hands back leases of dead processes, loads the active workflows, starts the timers. */
  async start(): Promise<void> {
    const { ctx, worker, scheduler } = this.options;
    await loadConcurrency(ctx);
    await reapExpiredLeases(ctx);
    await this.reloadWorkflows();
    await worker.claimNow({ force: true });
    if (!this.options.timers) return;
    const settings = ctx.settings;
    this.every(settings.pollMs, () => worker.claimNow({ force: true }), 'claim');
    this.every(Math.max(100, Math.floor(settings.leaseMs / 3)), () => worker.renewNow(), 'renew');
    this.every(
      settings.reapMs,
      async () => {
        const reaped = await reapExpiredLeases(ctx);
        if (reaped.requeued > 0) worker.notify();
      },
      'reap',
    );
    this.every(settings.wakeMs, () => wakeDueWaits(ctx, worker), 'wake');
    this.every(WATCH_MS, () => this.watch(), 'watch');
    this.every(WATCH_MS, () => loadConcurrency(ctx), 'concurrency');
    this.every(CHECKPOINT_MS, () => ctx.sql.checkpoint(), 'checkpoint');
    this.every(TRUNCATE_MS, () => compact(ctx), 'truncate');
    const prune = () => pruneHistory(ctx, this.stopping.signal);
    const first = setTimeout(() => void this.safely('prune', prune), FIRST_PRUNE_MS);
    first.unref();
    this.timers.push(first);
    this.every(settings.pruneEveryMs, prune, 'prune');
    scheduler?.start();
  }

  /** Stops the timers and waits for the loop steps in progress (a prune stops between batches). */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.options.scheduler?.stop();
    await Promise.allSettled([...this.running]);
  }

  /** Re-reads the active workflows into the webhook routes and the scheduler (coalesced). */
  async reloadWorkflows(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        this.watched = await this.signature();
        const active = await this.options.ctx.workflows.active();
        await this.options.webhooks.reload(active);
        await this.options.scheduler?.reload();
      } while (this.reloadAgain);
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async signature(): Promise<string> {
    const rows = await this.options.ctx.sql.read.all(
      'SELECT COUNT(*) AS n, MAX(updated_at) AS changed, SUM(active_version) AS versions FROM workflows WHERE active = ?',
      [true],
    );
    const row = rows[0];
    return row ? `${num(row.n)}|${str(row.changed)}|${str(row.versions)}` : '';
  }

  private async watch(): Promise<void> {
    if ((await this.signature()) !== this.watched) await this.reloadWorkflows();
  }

  private every(ms: number, task: () => Promise<unknown>, name: string): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.safely(name, task).finally(() => (busy = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private safely(name: string, task: () => Promise<unknown>): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    const run = (async () => {
      try {
        await task();
      } catch (error) {
        this.options.ctx.logger.warn(`execution loop "${name}" failed`, { error: String(error) });
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }
}
