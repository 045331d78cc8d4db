import type { AppDeps } from '../app';
import { createFetchHttp } from '../adapters/http-fetch';
import { createExecution, type Execution } from './index';

const wired = new WeakMap<object, Execution>();

/**
 * The execution layer of a running app, built once per services object. The first call registers
 * its start (after the server listens: reclaim dead leases, load webhooks and schedules, start the
 * loops) and its graceful stop (before the database closes) with the app's lifecycle.
 */
export function executionForApp(deps: AppDeps): Execution {
  const { db, config, services } = deps;
  const existing = wired.get(services);
  if (existing) return existing;
  const execution = createExecution({
    db,
    registry: services.registry,
    clock: services.clock,
    logger: services.logger,
    ports: { mail: services.mail, http: createFetchHttp(), logger: services.logger },
    metricsRegistry: services.metrics.registry,
    role: config.role,
    queue: config.queue,
    databaseUrl: config.databaseUrl.startsWith('sqlite:') ? undefined : config.databaseUrl,
    events: services.events,
  });
  wired.set(services, execution);
  services.lifecycle.onStart('execution', () => execution.start());
  services.lifecycle.onStop('execution', () => execution.stop());
  return execution;
}
