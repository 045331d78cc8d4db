import { Router } from 'express';
import { migrationStatus } from '../db/index';
import { sendError } from '../http/errors';
import type { RouteDeps } from './deps';

/** /healthz (the process answers), /readyz (database reachable, migrations done), /metrics. */
export function healthRoutes({ db, services }: RouteDeps): Router {
  const router = Router();
  // Once the migrations are done they stay done for this process; skip re-reading the folder.
  let migrated = false;

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks: { database: string; migrations: string } = { database: 'unknown', migrations: 'unknown' };
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
    if (checks.database === 'ok' && checks.migrations === 'ok') {
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
