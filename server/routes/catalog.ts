import { Router } from 'express';
import { workflowSchema } from '../../runtime/model/workflow';
import type { RouteDeps } from './deps';

/**
 * What the editor and scripts need to build documents: node descriptors and the document schema.
 * Public: they describe the product, not the workspace.
 */
export function catalogRoutes({ services }: RouteDeps): Router {
  const router = Router();
  router.get('/api/node-types', (_req, res) => {
    res.json({ items: services.registry.descriptors() });
  });
  router.get('/api/schemas/workflow.json', (_req, res) => {
    res.type('application/schema+json').send(JSON.stringify(workflowSchema));
  });
  return router;
}
