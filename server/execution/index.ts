import type { Registry } from 'prom-client';
import type { NodeRegistry } from '../../runtime/engine/registry';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import { silentLogger, type Ports } from '../../runtime/ports/index';
import { systemClock } from '../adapters/system-clock';
import type { ProcessRole } from '../config';
import type { Database } from '../db/index';
import type { ExecutionContext } from './context';
import { QUEUE_KINDS, TableDelivery, type QueueKind } from './delivery';
import { createLeaseOwner } from './ids';
import { ExecutionLoops } from './loops';
import { createExecutionMetrics } from './metrics';
import { OutcomeWaiters } from './outcomes';
import { TableQueue } from './queue-port';
import { Scheduler } from './scheduler';
import { DEFAULT_EXECUTION_SETTINGS, executionSettingsFromEnv, type ExecutionSettings } from './settings';
import { createSqlClient } from './sql';
import { WebhookRegistry } from './webhook-registry';
import { Worker } from './worker';
import { WorkflowSource } from './workflow-source';
import { RunService } from './run-service';
import { WriteBatcher } from './write-batcher';
import { ExecutionFacade } from './facade';
import { createBoss } from './pgboss/boss';
import { PgBossDelivery } from './pgboss/delivery';
import { registerPgBossMetrics } from './pgboss/metrics';
import { ClusterSession } from './pgboss/session';
import { RunSignalBridge } from './signal-bridge';

export type { Execution } from './facade';
export type { ExecutionSettings } from './settings';
export { QUEUE_KINDS, type QueueKind } from './delivery';
export type { RunOutcome, RunSignal } from './outcomes';
export type { TriggerRequest, TriggerResult } from './run-service';
export type { RunSummary } from './run-codec';
export type { RunDetail, RunFilter, RunPage } from './run-queries';
export { RunActionError } from './run-actions';
export type { CancelResult, ManualRunResult } from './run-actions';
export { signWebhook, TIMESTAMP_HEADER, SIGNATURE_HEADER } from './webhook-auth';

/** The subset of the server's event bus the execution layer listens to. */
export interface ActiveWorkflowEvents {
  on(event: 'activeWorkflowsChanged', listener: () => void): unknown;
  off(event: 'activeWorkflowsChanged', listener: () => void): unknown;
}

export interface ExecutionOptions {
  db: Database;
  registry: NodeRegistry;
  clock?: Clock;
  logger?: Logger;
  /** Ports runs may use (mail, http, chat …); the clock and the queue are added here. */
  ports?: Omit<Ports, 'clock' | 'queue'>;
  /** The server's Prometheus registry: runs, step durations and queue depth are added to it. */
  metricsRegistry?: Registry;
  /** all (default): everything; web: accept triggers only; worker: execute; scheduler: fire schedules. */
  role?: ProcessRole;
  /** Settings over the defaults and the environment (MUSUBI_CONCURRENCY, MUSUBI_JOB_LEASE_MS …). */
  settings?: Partial<ExecutionSettings>;
  env?: Record<string, string | undefined>;
  events?: ActiveWorkflowEvents;
  /** Run the background loops on timers (default true). Tests turn this off and call them by hand. */
  timers?: boolean;
  /** MUSUBI_QUEUE: `pgboss` (default on Postgres, needs it) or `table` (default on SQLite). */
  queue?: QueueKind;
  /** The Postgres URL for pg-boss and the scheduler election (default: DATABASE_URL, or the db's own settings). */
  databaseUrl?: string;
}

/**
 * MUSUBI_QUEUE from the environment; a wrong value is refused with what to set. Unset, it follows
 * the database (as server/config.ts does): pg-boss on Postgres, the jobs table on SQLite.
 */
export function queueKindFromEnv(
  env: Record<string, string | undefined>,
  dialect: Database['dialect'],
): QueueKind {
  const raw = env.MUSUBI_QUEUE?.trim().toLowerCase();
  if (!raw) return dialect === 'postgres' ? 'pgboss' : 'table';
  const kind = QUEUE_KINDS.find((choice) => choice === raw);
  if (!kind) throw new Error(`MUSUBI_QUEUE: "${raw}" is not one of ${QUEUE_KINDS.join(', ')}.`);
  return kind;
}

/** A postgres:// URL for an open Sequelize connection (when the caller gave none). */
function postgresUrlOf(db: Database): string {
  const config = db.sequelize.config;
  const url = new URL('postgres://localhost');
  url.hostname = config.host ?? '127.0.0.1';
  if (config.port) url.port = String(config.port);
  url.username = config.username;
  if (config.password) url.password = config.password;
  url.pathname = `/${config.database}`;
  return url.toString();
}

/**
 * Builds the execution layer over an open (migrated) database: the group-commit writer, the
 * worker, the run service, webhook routes, the scheduler and the background loops. Call
 * `start()` to load the active workflows and begin; `stop()` to shut down gracefully.
 */
export function createExecution(options: ExecutionOptions): ExecutionFacade {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const role = options.role ?? 'all';
  const fromEnv = executionSettingsFromEnv(options.env ?? process.env, DEFAULT_EXECUTION_SETTINGS);
  const settings: ExecutionSettings = { ...fromEnv, ...options.settings };
  if (role === 'web' || role === 'scheduler') settings.concurrency = 0;
  const env = options.env ?? process.env;
  const queue = options.queue ?? queueKindFromEnv(env, options.db.dialect);
  const postgres = options.db.dialect === 'postgres';
  if (queue === 'pgboss' && !postgres)
    throw new Error(
      'MUSUBI_QUEUE=pgboss needs PostgreSQL: set DATABASE_URL=postgres://… (or MUSUBI_QUEUE=table). ' +
        '（pgboss には PostgreSQL が必要です: DATABASE_URL=postgres://… を設定するか MUSUBI_QUEUE=table にしてください）',
    );
  const databaseUrl = postgres
    ? (options.databaseUrl ?? env.DATABASE_URL ?? postgresUrlOf(options.db))
    : undefined;
  const sql = createSqlClient(options.db);
  const owner = createLeaseOwner();
  const delivery =
    queue === 'pgboss' && databaseUrl !== undefined
      ? new PgBossDelivery(createBoss({ databaseUrl, role, logger, supervise: role !== 'web' }), {
          leaseMs: settings.leaseMs,
        })
      : new TableDelivery();
  const waiters = new OutcomeWaiters();
  // Postgres: runs stopping in other processes are heard here (NOTIFY on the cluster session).
  const signals =
    databaseUrl !== undefined ? new RunSignalBridge({ waiters, read: sql.read, logger }) : undefined;
  const batcher = new WriteBatcher({ sql, clock, logger, leaseOwner: owner.id, delivery, signals });
  const ctx: ExecutionContext = {
    sql,
    batcher,
    delivery,
    clock,
    logger,
    owner,
    settings,
    registry: options.registry,
    workflows: new WorkflowSource(sql),
    ports: { ...options.ports, clock, logger: options.ports?.logger ?? logger },
    waiters,
    signals,
    metrics: options.metricsRegistry
      ? createExecutionMetrics({ registry: options.metricsRegistry, sql })
      : undefined,
  };
  delivery.attach(ctx);
  if (options.metricsRegistry && delivery.kind === 'pgboss')
    registerPgBossMetrics({ registry: options.metricsRegistry, sql });
  const executes = role === 'all' || role === 'worker';
  const schedules = role === 'all' || role === 'scheduler';
  const worker = new Worker(ctx, { claims: executes });
  const queuePort = new TableQueue(ctx, worker);
  ctx.ports = { ...ctx.ports, queue: queuePort };
  const service = new RunService(ctx, worker);
  const webhooks = new WebhookRegistry(ctx);
  const scheduler = new Scheduler(ctx, service);
  // Postgres: schedulers stand by until one wins the election (several machines share the database).
  // Every role holds one for the run signals (a web process waits for runs executed elsewhere).
  const session =
    databaseUrl !== undefined
      ? new ClusterSession({
          databaseUrl,
          role,
          logger,
          candidate: schedules,
          presence: executes,
          onJobs: executes && delivery.kind === 'pgboss' ? () => worker.notify() : undefined,
          onLeadership: (leader) => scheduler.setStandby(!leader),
          signals,
        })
      : undefined;
  if (session && schedules) void scheduler.setStandby(true);
  const loops = new ExecutionLoops({
    ctx,
    worker,
    scheduler: schedules ? scheduler : undefined,
    webhooks,
    timers: options.timers ?? true,
    session,
  });
  return new ExecutionFacade({
    ctx,
    worker,
    queue: queuePort,
    service,
    webhooks,
    scheduler,
    loops,
    session,
    events: options.events,
  });
}
