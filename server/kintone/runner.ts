import type { Logger } from '../../runtime/ports/logger';
import type { Clock } from '../../runtime/ports/clock';
import type { Database } from '../db/index';
import type { KintoneClientOptions } from './client';
import { clientForConnection } from './connection';
import type { MailPort } from '../../runtime/ports/mail';
import type { KintoneSyncModel } from '../db/models/kintone/index';
import { mailSyncStopped } from './notify';
import { runCustomerSync } from './sync';
import type { SyncProgress } from './sync';

/** A `running` sync that saved no page for this long was left by a stopped process. */
export const STALE_RUNNING_MS = 5 * 60_000;

/**
 * Runs syncs one at a time per sync id (a second start while one runs is refused), and the hourly
 * schedule: every sync whose `nextRunAt` has come runs its incremental pass.
 */
export class KintoneSyncRunner {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      db: Database;
      secretKey: Buffer;
      clock: Clock;
      logger: Logger;
      client?: Partial<KintoneClientOptions>;
      /** When given, owners and admins hear by mail when a sync stops (once per stop). */
      notify?: { mail: MailPort; publicUrl: string };
    },
  ) {}

  private async stopped(sync: KintoneSyncModel, wasStopped: boolean, reason: string): Promise<void> {
    const notify = this.deps.notify;
    if (!notify || wasStopped) return;
    try {
      await mailSyncStopped({
        db: this.deps.db,
        mail: notify.mail,
        sync,
        reason,
        publicUrl: notify.publicUrl,
      });
    } catch (error) {
      this.deps.logger.warn('kintone sync stop mail failed', { syncId: sync.id, error: String(error) });
    }
  }

  isRunning(syncId: string): boolean {
    return this.running.has(syncId);
  }

  /** Starts a pass (first import, its resumption, or an incremental one); resolves when it ends. */
  start(syncId: string, onProgress?: (progress: SyncProgress) => void): Promise<unknown> | undefined {
    if (this.running.has(syncId)) return undefined;
    const task = this.runOnce(syncId, onProgress).finally(() => this.running.delete(syncId));
    this.running.set(syncId, task);
    return task;
  }

  private async runOnce(syncId: string, onProgress?: (progress: SyncProgress) => void): Promise<unknown> {
    const { db } = this.deps;
    const sync = await db.models.KintoneSync.findByPk(syncId);
    if (!sync) return undefined;
    const found = await clientForConnection({
      db,
      secretKey: this.deps.secretKey,
      connectionId: sync.connectionId,
      ...(this.deps.client ? { client: this.deps.client } : {}),
    });
    const wasStopped = sync.status === 'failed' || sync.status === 'interrupted';
    if (!found || found.row.status !== 'enabled') {
      const reason = 'The kintone connection is missing or switched off.';
      await sync.update({ status: 'failed', lastError: reason });
      await this.stopped(sync, wasStopped, reason);
      return undefined;
    }
    try {
      return await runCustomerSync({
        db,
        client: found.client,
        syncId,
        now: this.deps.clock.now(),
        ...(onProgress ? { onProgress } : {}),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn('kintone sync stopped; it resumes on the next run', { syncId, error: reason });
      await sync.reload();
      await this.stopped(sync, wasStopped, reason);
      return undefined;
    }
  }

  /** Starts every enabled sync whose hour has come (or that was interrupted); returns their ids. */
  async runDue(): Promise<string[]> {
    const now = this.deps.clock.now();
    const syncs = await this.deps.db.models.KintoneSync.findAll({ where: { enabled: true } });
    const due = syncs.filter(
      (sync) =>
        sync.status === 'interrupted' ||
        // Left `running` by a process that stopped: nothing saved a page for a while, so resume it.
        (sync.status === 'running' &&
          !this.isRunning(sync.id) &&
          now - sync.updatedAt.getTime() > STALE_RUNNING_MS) ||
        (sync.nextRunAt !== null && sync.nextRunAt <= now),
    );
    const started: string[] = [];
    for (const sync of due) {
      const task = this.start(sync.id);
      if (task) {
        started.push(sync.id);
        await task;
      }
    }
    return started;
  }

  /**
   * Checks for due syncs every `intervalMs` (default one minute) while `onDuty()` says this process
   * is the cluster's scheduler (one poll per sync, not one per process); returns the stop function.
   */
  schedule(intervalMs = 60_000, onDuty: () => boolean = () => true): () => void {
    const timer = setInterval(() => {
      if (!onDuty()) return;
      this.runDue().catch((error: unknown) =>
        this.deps.logger.error('kintone schedule failed', { error: String(error) }),
      );
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
