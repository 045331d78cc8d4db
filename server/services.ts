import { EventEmitter } from 'node:events';
import type { Config } from './config';
import type { Database } from './db/index';
import { createMailAdapter } from './adapters/mail';
import type { MailAdapter } from './adapters/mail';
import { systemClock } from './adapters/system-clock';
import { createMetrics } from './http/metrics';
import type { Metrics } from './http/metrics';
import { Lifecycle } from './lifecycle';
import { createLogger } from './logger';
import { createDefaultRegistry } from '../nodes/index';
import type { NodeRegistry } from '../runtime/engine/registry';
import type { Clock } from '../runtime/ports/clock';
import type { Logger } from '../runtime/ports/logger';

/** Sent when a workflow starts or stops running on triggers, or its live version changes. */
export interface ActiveWorkflowsChange {
  workflowId: string;
  active: boolean;
  /** The version triggers now run; null when inactive. */
  version: number | null;
  reason: 'activate' | 'deactivate' | 'publish' | 'delete';
}

/** Events inside one server process; webhook and schedule registration listen to them. */
export interface ServerEventMap {
  activeWorkflowsChanged: [ActiveWorkflowsChange];
}

/** Long-lived helpers the routes share. Others add theirs (queue, scheduler …) here. */
export interface Services {
  clock: Clock;
  logger: Logger;
  events: EventEmitter<ServerEventMap>;
  metrics: Metrics;
  mail: MailAdapter;
  registry: NodeRegistry;
  /** Start/stop hooks main.ts runs around listening (see lifecycle.ts). */
  lifecycle: Lifecycle;
}

/** Builds the services for one server; each part can be replaced (tests pass a virtual clock). */
export function createServices(options: {
  db: Database;
  config: Config;
  clock?: Clock;
  logger?: Logger;
  registry?: NodeRegistry;
  metrics?: Metrics;
}): Services {
  const logger = options.logger ?? createLogger({ level: options.config.logLevel });
  return {
    clock: options.clock ?? systemClock,
    logger,
    events: new EventEmitter<ServerEventMap>(),
    metrics: options.metrics ?? createMetrics(),
    mail: createMailAdapter({
      db: options.db,
      smtpUrl: options.config.smtpUrl,
      from: options.config.mailFrom,
    }),
    registry: options.registry ?? createDefaultRegistry(),
    lifecycle: new Lifecycle(logger),
  };
}
