import cookieParser from 'cookie-parser';
import express from 'express';
import type { Express } from 'express';
import { authenticate } from './auth/middleware';
import { sessionCookieName } from './auth/sessions';
import type { Config } from './config';
import type { Database } from './db/index';
import { ensureEditorBuilt, serveEditor } from './http/editor';
import type { EditorBundle } from './http/editor';
import { apiNotFound, errorHandler } from './http/errors';
import { httpMetrics } from './http/metrics';
import { securityHeaders } from './http/security-headers';
import { mountRoutes } from './routes/index';
import type { Services } from './services';

/** What every route can reach. */
export interface AppDeps {
  db: Database;
  config: Config;
  services: Services;
}

/** JSON bodies of the API; workflow documents of a few hundred nodes fit comfortably. */
export const API_BODY_LIMIT = '5mb';

/** True when people reach the instance over HTTPS: cookies become Secure, HSTS is sent. */
export function isHttps(config: Config): boolean {
  return config.publicUrl.startsWith('https:');
}

/**
 * Builds the Express app without listening (tests use it directly; main.ts listens). Order:
 * metrics and headers, the API's body parser and authentication, the routers, a JSON 404 for
 * unknown /api paths, the editor pages, and last the JSON error handler.
 */
export function createApp(deps: AppDeps & { editor?: EditorBundle }): Express {
  const { db, config, services } = deps;
  const https = isHttps(config);
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', 1);

  app.use(httpMetrics(services.metrics));
  app.use(securityHeaders({ https }));
  app.use(cookieParser());
  app.use('/api', express.json({ limit: API_BODY_LIMIT }));
  app.use(
    '/api',
    authenticate({ db, clock: services.clock, cookie: { name: sessionCookieName(https), secure: https } }),
  );

  mountRoutes(app, { db, config, services });

  app.use('/api', apiNotFound);
  serveEditor(app, deps.editor ?? ensureEditorBuilt());
  app.use(apiNotFound);
  app.use(errorHandler(services.logger));
  return app;
}
