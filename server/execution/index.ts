import type { Registry } from 'prom-client';
import type { NodeRegistry } from '../../runtime/engine/registry';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import { silentLogger, type Ports } from '../../runtime/ports/index';
import { systemClock } from '../adapters/system-clock';
import type { ProcessRole } from '../config';
import type { Database } from '../db/index';
import type { ExecutionContext } from './context';
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

export type { Execution } from './facade';
export type { ExecutionSettings } from './settings';
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
  const sql = createSqlClient(options.db);
  const owner = createLeaseOwner();
  const batcher = new WriteBatcher({ sql, clock, logger, leaseOwner: owner.id });
  const ctx: ExecutionContext = {
    sql,
    batcher,
    clock,
    logger,
    owner,
    settings,
    registry: options.registry,
    workflows: new WorkflowSource(sql),
    ports: { ...options.ports, clock, logger: options.ports?.logger ?? logger },
    waiters: new OutcomeWaiters(),
    metrics: options.metricsRegistry
      ? createExecutionMetrics({ registry: options.metricsRegistry, sql })
      : undefined,
  };
  const worker = new Worker(ctx, { claims: role === 'all' || role === 'worker' });
  const queue = new TableQueue(ctx, worker);
  ctx.ports = { ...ctx.ports, queue };
  const service = new RunService(ctx, worker);
  const webhooks = new WebhookRegistry(ctx);
  const scheduler = new Scheduler(ctx, service);
  const loops = new ExecutionLoops({
    ctx,
    worker,
    scheduler: role === 'all' || role === 'scheduler' ? scheduler : undefined,
    webhooks,
    timers: options.timers ?? true,
  });
  return new ExecutionFacade({
    ctx,
    worker,
    queue,
    service,
    webhooks,
    scheduler,
    loops,
    events: options.events,
  });
}
