import { Router } from 'express';
import { migrationStatus } from '../db/index';
import { executionForApp } from '../execution/app-wiring';
import { sendError } from '../http/errors';
import type { RouteDeps } from './deps';

/**
 * /healthz (the process answers), /readyz (database reachable, migrations done, and per role the
 * queue: pg-boss started, the scheduler's election session open — active or standby), /metrics.
 */
export function healthRoutes(deps: RouteDeps): Router {
  const { db, services } = deps;
  const execution = executionForApp(deps);
  const router = Router();
  // Once the migrations are done they stay done for this process; skip re-reading the folder.
  let migrated = false;

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {
      role: deps.config.role,
      database: 'unknown',
      migrations: 'unknown',
    };
    try {
      await db.sequelize.query('SELECT 1');
      checks.database = 'ok';
      if (!migrated) {
        const { pending } = await migrationStatus(db);
        migrated = pending.length === 0;
        checks.migrations = migrated ? 'ok' : `pending: ${pending.join(', ')}`;
      } else {
        checks.migrations = 'ok';
      }
    } catch (error) {
      if (checks.database !== 'ok') checks.database = error instanceof Error ? error.message : 'unreachable';
    }
    const queue = execution.readiness();
    Object.assign(checks, queue.checks);
    if (checks.database === 'ok' && checks.migrations === 'ok' && queue.ready) {
      res.json({ status: 'ready', checks });
      return;
    }
    sendError(res, {
      status: 503,
      code: 'not_ready',
      message: 'The server is not ready yet.',
      details: { checks },
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', services.metrics.registry.contentType);
    res.send(await services.metrics.registry.metrics());
  });
  return router;
}
