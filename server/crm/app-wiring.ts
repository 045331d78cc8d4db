import type { Request } from 'express';
import type { AppDeps } from '../app';
import { currentUser } from '../auth/middleware';
import { executionForApp } from '../execution/app-wiring';
import { userActor, type CrmActor } from './actor';
import { crmServicesFor, type CrmServices } from './context';

const wired = new WeakSet<object>();

/**
 * The CRM services of a running app. The first call wires them to the execution layer (runs get
 * `ports.crm`; record events and stage automations start runs through it) and registers the
 * stage-automation timer sweep with the app's lifecycle (started after listening, stopped before
 * the database closes).
 */
export function crmForApp(deps: AppDeps): CrmServices {
  const { db, config, services } = deps;
  const crm = crmServicesFor({
    db,
    clock: services.clock,
    logger: services.logger,
    secretKey: config.secretKey,
  });
  if (!wired.has(services)) {
    wired.add(services);
    const execution = executionForApp(deps);
    execution.providePorts({ crm: crm.port });
    crm.useRunStarter(execution);
    let stop: (() => void) | undefined;
    services.lifecycle.onStart('crm stage automation timers', async () => {
      stop = crm.startTimerLoop();
    });
    services.lifecycle.onStop('crm stage automation timers', async () => {
      stop?.();
    });
  }
  return crm;
}

/** The signed-in user as the actor of a change; the records screens send `X-Musubi-Source: ui`. */
export function requestActor(req: Request): CrmActor {
  const user = currentUser(req);
  const source = req.get('x-musubi-source') === 'ui' ? 'ui' : 'api';
  return userActor({ id: user.id, email: user.email, source });
}
