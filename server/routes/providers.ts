import { Router } from 'express';
import { requireRole } from '../auth/middleware';
import { crmForApp } from '../crm/app-wiring';
import { crmErrors, crmNotFound, refuse } from '../crm/errors';
import { HttpError } from '../http/errors';
import { pathParam } from '../http/params';
import { ZOHO_CONNECTION_TYPE, ZohoConnector } from '../providers/zoho/connector';
import { readZohoPickList, ZOHO_PICK_LISTS } from '../providers/zoho/pick-lists';
import { zohoMappingRoutes } from '../providers/zoho/mapping-routes';
import { ZohoAuthError } from '../providers/zoho/session';
import { authorisationUrl, exchangeCode, isOAuthProvider, readState, signState } from '../providers/oauth';
import type { RouteDeps } from './deps';

const CONNECTION = { ja: '連携', en: 'connection' };

/**
 * OAuth for the provider connections (Zoho, Salesforce): an admin starts it for a connection that
 * holds the customer's client id / secret; the provider sends the browser back to the callback,
 * which seals the refresh token with the connection and lands on the connections screen.
 */
export function providerRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { connections } = crmForApp(deps);
  const { db, config } = deps;
  const redirectUri = `${config.publicUrl}/integrations/providers/oauth/callback`;
  const now = () => deps.services.clock.now();

  router.post('/api/connections/:id/oauth/start', requireRole('admin'), async (req, res) => {
    const id = pathParam(req, 'id');
    const row = await db.models.Connection.findByPk(id);
    if (!row) throw crmNotFound(CONNECTION, id);
    if (!isOAuthProvider(row.type)) {
      refuse('type', {
        ja: `「${row.type}」の連携は OAuth で認証しません。`,
        en: `A "${row.type}" connection is not authorised with OAuth.`,
      });
    }
    const credentials = connections.credentialsOf(row);
    if (typeof credentials.clientId !== 'string' || typeof credentials.clientSecret !== 'string') {
      refuse('credentials', {
        ja: '先にクライアント ID とクライアントシークレットを保存してください。',
        en: 'Save the client id and client secret first.',
      });
    }
    const state = signState({ connectionId: id, secretKey: config.secretKey, now: now() });
    res.json({ url: authorisationUrl({ connection: row, credentials, redirectUri, state }), redirectUri });
  });

  router.get('/integrations/providers/oauth/callback', async (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    const id = state ? readState({ state, secretKey: config.secretKey, now: now() }) : undefined;
    const row = id ? await db.models.Connection.findByPk(id) : null;
    if (!row || !code) {
      const said = typeof req.query.error === 'string' ? ` (${req.query.error})` : '';
      res
        .status(400)
        .type('text/plain')
        .send(`認可が完了しませんでした${said}。 / Authorisation did not complete${said}.`);
      return;
    }
    const credentials = connections.credentialsOf(row);
    const result = await exchangeCode({ connection: row, credentials, redirectUri, code });
    if ('error' in result) {
      res
        .status(400)
        .type('text/plain')
        .send(
          `トークンを受け取れませんでした（${result.error}）。 / Could not obtain a token (${result.error}).`,
        );
      return;
    }
    await connections.update(row.id, { credentials: { ...credentials, refreshToken: result.refreshToken } });
    await connections.test(row.id);
    res.redirect(303, `/#/settings/connections?connected=${encodeURIComponent(row.id)}`);
  });

  const zoho = new ZohoConnector({ db, connections });
  // Registered before the pick lists, whose `:list` would otherwise take "mapping".
  router.use(zohoMappingRoutes({ db, connections, zoho }));
  router.get('/api/connections/:id/zoho/:list', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const list = ZOHO_PICK_LISTS.find((candidate) => candidate === pathParam(req, 'list'));
    const row = await db.models.Connection.findByPk(id);
    if (!row || row.type !== ZOHO_CONNECTION_TYPE || !list) throw crmNotFound(CONNECTION, id);
    const module = typeof req.query.module === 'string' ? req.query.module : undefined;
    try {
      const items = await readZohoPickList(await zoho.session(id), { list, ...(module ? { module } : {}) });
      res.json({ items });
    } catch (error) {
      if (!(error instanceof ZohoAuthError)) throw error;
      throw new HttpError({ status: 409, code: 'integration_disabled', message: error.localized });
    }
  });

  router.use(crmErrors);
  return router;
}
