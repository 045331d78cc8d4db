import type { ExecutionContext } from './context';
import type { ClusterSession } from './pgboss/session';
import { reapAndAnnounce } from './reaper';
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
 * expired ones, waking due waits, firing schedules, pruning history, following workflow changes,
 * and on Postgres the scheduler election (only the elected process wakes, fires and prunes).
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
      /** Postgres: the session that elects the one active scheduler; none on SQLite. */
      session: ClusterSession | undefined;
    },
  ) {}

  /** True when this process stands for the scheduler duties (roles all and scheduler). */
  get schedules(): boolean {
    return this.options.scheduler !== undefined;
  }

  /**
   * True when this process does the once-per-cluster duties (firing schedules, waking due waits,
   * pruning history, kintone polls): the elected scheduler on Postgres, every process on SQLite.
   */
  get dutyHolder(): boolean {
    // A web process's session only listens (run signals): it stands in no election, as before.
    const session = this.options.session;
    return session?.elects === true ? session.isLeader : true;
  }

  /** Hands back leases of dead processes, loads the active workflows, starts the timers. */
  async start(): Promise<void> {
    const { ctx, worker, scheduler } = this.options;
    await loadConcurrency(ctx);
    await reapAndAnnounce(ctx);
    await this.reloadWorkflows();
    const session = this.options.session;
    if (session) await session.start();
    await worker.claimNow({ force: true });
    if (!this.options.timers) return;
    const settings = ctx.settings;
    if (session) this.every(settings.electMs, () => session.tick(), 'elect');
    this.every(settings.pollMs, () => worker.claimNow({ force: true }), 'claim');
    this.every(Math.max(100, Math.floor(settings.leaseMs / 3)), () => worker.renewNow(), 'renew');
    this.every(
      settings.reapMs,
      async () => {
        const reaped = await reapAndAnnounce(ctx);
        if (reaped.requeued > 0) worker.notify();
      },
      'reap',
    );
    this.every(
      settings.wakeMs,
      () => (this.dutyHolder ? wakeDueWaits(ctx, worker) : Promise.resolve(0)),
      'wake',
    );
    this.every(WATCH_MS, () => this.watch(), 'watch');
    this.every(WATCH_MS, () => loadConcurrency(ctx), 'concurrency');
    this.every(CHECKPOINT_MS, () => ctx.sql.checkpoint(), 'checkpoint');
    this.every(TRUNCATE_MS, () => compact(ctx), 'truncate');
    const prune = () => (this.dutyHolder ? pruneHistory(ctx, this.stopping.signal) : Promise.resolve());
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
    await this.options.session?.stop();
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
