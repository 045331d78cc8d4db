import type { NodeRegistry } from '../../runtime/engine/registry';
import type { Ports } from '../../runtime/ports/index';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { JobDelivery } from './delivery';
import type { LeaseOwner } from './ids';
import type { ExecutionMetrics } from './metrics';
import type { OutcomeWaiters } from './outcomes';
import type { ExecutionSettings } from './settings';
import type { RunSignalBridge } from './signal-bridge';
import type { SqlClient } from './sql';
import type { WorkflowSource } from './workflow-source';
import type { WriteBatcher } from './write-batcher';

/** What every part of the execution layer shares inside one process. */
export interface ExecutionContext {
  sql: SqlClient;
  batcher: WriteBatcher;
  /** How queued jobs reach workers (MUSUBI_QUEUE: the jobs table, or pg-boss). */
  delivery: JobDelivery;
  clock: Clock;
  logger: Logger;
  owner: LeaseOwner;
  /** Read on every use: retention and concurrency are reloaded from the settings table. */
  settings: ExecutionSettings;
  registry: NodeRegistry;
  workflows: WorkflowSource;
  /** The ports runs get (the clock and the queue included). */
  ports: Ports;
  waiters: OutcomeWaiters;
  /** Postgres: runs stopping in other processes, heard through NOTIFY; undefined on SQLite. */
  signals: RunSignalBridge | undefined;
  metrics: ExecutionMetrics | undefined;
}
