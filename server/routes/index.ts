import type { Express } from 'express';
import { adminRoutes } from './admin';
import { authRoutes } from './auth';
import { catalogRoutes } from './catalog';
import { connectionRoutes } from './connections';
import type { RouteDeps } from './deps';
import { chatPublicRoutes } from '../public/chat';
import { chatPreviewRoutes } from '../chat/preview-routes';
import { inboxRoutes } from './inbox';
import { deskRoutes } from './desk';
import { executionRoutes } from './executions';
import { webhookRoutes } from '../public/webhooks';
import { healthRoutes } from './health';
import { openApiRoutes } from './openapi';
import { pipelineRoutes } from './pipelines';
import { providerRoutes } from './providers';
import { recordRoutes } from './records';
import { sampleRoutes } from './sample';
import { sharePageRoutes } from '../public/share-page';
import { sharingRoutes } from './sharing';
import { slackPublicRoutes } from '../public/slack';
import { slackRoutes } from './slack';
import { tokenRoutes } from './tokens';
import { kintoneRoutes } from './kintone';
import { telephonyRoutes } from './telephony';
import { userRoutes } from './users';
import { workflowPublishingRoutes } from './workflow-publishing';
import { workflowRoutes } from './workflows';

export type { RouteDeps } from './deps';

/**
 * Mounts every router. Routers declare full paths (`/api/workflows/:id`) and are mounted at the
 * root, so the OpenAPI test can read each route's path from the router stack. Add a line per router.
 */
export function mountRoutes(app: Express, deps: RouteDeps): void {
  app.use(webhookRoutes(deps));
  app.use(healthRoutes(deps));
  app.use(catalogRoutes(deps));
  app.use(openApiRoutes(deps));
  app.use(authRoutes(deps));
  app.use(userRoutes(deps));
  app.use(tokenRoutes(deps));
  app.use(kintoneRoutes(deps));
  app.use(telephonyRoutes(deps));
  app.use(adminRoutes(deps));
  app.use(workflowRoutes(deps));
  app.use(workflowPublishingRoutes(deps));
  app.use(executionRoutes(deps));
  app.use(recordRoutes(deps));
  app.use(pipelineRoutes(deps));
  app.use(deskRoutes(deps));
  app.use(connectionRoutes(deps));
  app.use(providerRoutes(deps));
  app.use(sampleRoutes(deps));
  app.use(slackRoutes(deps));
  app.use(slackPublicRoutes(deps));
  app.use(sharingRoutes(deps));
  app.use(sharePageRoutes(deps));
  app.use(chatPublicRoutes(deps));
  app.use(inboxRoutes(deps));
  app.use(chatPreviewRoutes(deps));
}
