import pg from 'pg';
import type { Logger } from '../../../runtime/ports/logger';
import { JOBS_CHANNEL } from './delivery';

/** Advisory lock keys `(namespace, key)`; advisory locks are per database. */
export const LOCK_NAMESPACE = 0x6d75;
/** Held (exclusively) by the one active scheduler. */
export const SCHEDULER_LOCK = 1;
/** Held (shared) by every process that executes jobs: /metrics counts the holders. */
export const WORKER_PRESENCE_LOCK = 2;

export interface ClusterSessionOptions {
  databaseUrl: string;
  role: string;
  logger: Logger;
  /** Stand in the scheduler election. */
  candidate: boolean;
  /** Be counted as an active worker. */
  presence: boolean;
  /** Called when a commit elsewhere queued jobs (Postgres NOTIFY). */
  onJobs?: () => void;
  /** Called when this process becomes, or stops being, the active scheduler. */
  onLeadership?: (leader: boolean) => Promise<void>;
  /** LISTENs on `channel` for runs stopping in other processes (signal-bridge.ts). */
  signals?: SessionSignals;
}

/** A channel the session LISTENs on for a listener outside it (the run signal bridge). */
export interface SessionSignals {
  channel: string;
  receive(payload: string): void;
  /** The LISTEN is in place (`up`) or gone; `afterGap`: notifications may have been missed. */
  connected(up: boolean, afterGap: boolean): void;
}

/**
 * One dedicated Postgres session per process, held open while it runs:
 * - scheduler election: `pg_try_advisory_lock` on this session. The lock lives exactly as long as
 *   the session, so when the active scheduler dies (or its connection does) Postgres releases it
 *   and a standby's next try wins. Exactly one process holds it at a time.
 * - worker presence: a shared advisory lock, so the number of live workers is visible in pg_locks.
 * - wake-ups: LISTEN on the channel a commit that queued jobs notifies, so idle workers claim at
 *   once instead of on their next poll.
 * - run signals (every role, web too): LISTEN on the channel a commit that stopped runs notifies,
 *   so a caller waiting here for a run executed elsewhere wakes at once.
 * A lost session is reopened on the next `tick`; leadership is given up at once, and the signal
 * listener hears of the gap (it re-checks what it waits for after the reconnect).
 */
export class ClusterSession {
  private client: pg.Client | undefined;
  private leader = false;
  private stopped = false;
  private ticking: Promise<void> | undefined;
  private transitions: Promise<void> = Promise.resolve();
  /** A session was open before: a new one follows a gap in which notifications were lost. */
  private everConnected = false;

  constructor(private readonly options: ClusterSessionOptions) {}

  /** True while this process is the active scheduler. */
  get isLeader(): boolean {
    return this.leader;
  }

  /**
   * True for a process with duties the election decides (roles all, scheduler, worker); a web
   * process holds its session only to listen.
   */
  get elects(): boolean {
    return this.options.candidate || this.options.presence;
  }

  /** True while the session is open. */
  get isConnected(): boolean {
    return this.client !== undefined;
  }

  /** Opens the session and tries the election once; later tries come from `tick`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  /** Reconnects if needed; a candidate tries for the lock, the holder checks its session is alive. */
  tick(): Promise<void> {
    this.ticking ??= this.step().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Gives up leadership and closes the session (the lock is released with it). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.ticking;
    await this.setLeader(false);
    const client = this.client;
    this.client = undefined;
    if (client) this.options.signals?.connected(false, false);
    await client?.end().catch(() => undefined);
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    try {
      const known = this.client;
      const client = known ?? (await this.connect());
      if (!this.options.candidate) {
        // A listener must notice a connection that died quietly: its notifications stopped.
        if (known && this.options.signals) await client.query('SELECT 1');
        return;
      }
      if (this.leader) {
        await client.query('SELECT 1');
        return;
      }
      const result = await client.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS won', [
        LOCK_NAMESPACE,
        SCHEDULER_LOCK,
      ]);
      if (result.rows[0]?.won === true) {
        this.options.logger.info('this process is now the active scheduler', { role: this.options.role });
        await this.setLeader(true);
      }
    } catch (error) {
      // A stop during the step (shutdown) is no failure to report.
      if (!this.stopped)
        this.options.logger.warn('cluster session failed; retrying', { error: String(error) });
      await this.lost();
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: `musubi-${this.options.role}-session`,
    });
    client.on('error', (error) => {
      this.options.logger.warn('cluster session lost', { error: String(error) });
      void this.lost(client);
    });
    client.on('end', () => void this.lost(client));
    const signals = this.options.signals;
    client.on('notification', (message) => {
      if (message.channel === JOBS_CHANNEL) this.options.onJobs?.();
      else if (signals && message.channel === signals.channel) signals.receive(message.payload ?? '');
    });
    try {
      await client.connect();
      if (this.options.onJobs) await client.query(`LISTEN ${JOBS_CHANNEL}`);
      if (signals) await client.query(`LISTEN ${signals.channel}`);
      if (this.options.presence)
        await client.query('SELECT pg_advisory_lock_shared($1, $2)', [LOCK_NAMESPACE, WORKER_PRESENCE_LOCK]);
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      // Stopped while connecting: this session must not outlive the process's shutdown.
      void client.end().catch(() => undefined);
      throw new Error('the cluster session was stopped');
    }
    this.client = client;
    signals?.connected(true, this.everConnected);
    this.everConnected = true;
    return client;
  }

  /** The session is gone (or failed): leadership ends now; the next tick opens a new one. */
  private async lost(which?: pg.Client): Promise<void> {
    if (which && which !== this.client) return;
    const client = this.client;
    this.client = undefined;
    if (client) this.options.signals?.connected(false, false);
    await this.setLeader(false);
    if (client) void client.end().catch(() => undefined);
  }

  private setLeader(leader: boolean): Promise<void> {
    this.transitions = this.transitions.then(async () => {
      if (this.leader === leader) return;
      this.leader = leader;
      if (!leader) this.options.logger.info('this process stopped being the active scheduler');
      await this.options
        .onLeadership?.(leader)
        .catch((error: unknown) =>
          this.options.logger.error('scheduler hand-over failed', { error: String(error) }),
        );
    });
    return this.transitions;
  }
}
