import { Router } from 'express';
import { buildOpenApiDocument } from '../openapi';
import type { RouteDeps } from './deps';

/** GET /api/openapi.json: the maintained description in server/openapi.ts. */
export function openApiRoutes({ config }: RouteDeps): Router {
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(buildOpenApiDocument({ serverUrl: config.publicUrl }));
  });
  return router;
}
