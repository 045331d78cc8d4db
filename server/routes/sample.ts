import { Router } from 'express';
import { recordAudit } from '../auth/audit';
import { currentUser, requireRole } from '../auth/middleware';
import { crmForApp } from '../crm/app-wiring';
import { crmErrors } from '../crm/errors';
import { loadSampleWorkspace } from '../crm/sample';
import type { RouteDeps } from './deps';

/** "Load sample workspace" (the empty workflows screen's button): admins only; loading twice adds nothing. */
export function sampleRoutes(deps: RouteDeps): Router {
  const router = Router();
  const crm = crmForApp(deps);

  router.post('/api/sample', requireRole('admin'), async (req, res) => {
    const user = currentUser(req);
    const result = await loadSampleWorkspace({ crm, registry: deps.services.registry, userId: user.id });
    for (const { workflowId, version } of result.activated) {
      deps.services.events.emit('activeWorkflowsChanged', {
        workflowId,
        active: true,
        version,
        reason: 'activate',
      });
    }
    await recordAudit({
      db: deps.db,
      actor: user,
      action: 'sample.load',
      targetType: 'workspace',
      details: { added: result.added },
      req,
    });
    res.json(result);
  });

  router.use(crmErrors);
  return router;
}
