import { Router } from 'express';
import type { ConnectionKind } from '../../runtime/ports/crm';
import { recordAudit } from '../auth/audit';
import { currentUser, requireRole } from '../auth/middleware';
import { crmForApp } from '../crm/app-wiring';
import { crmErrors, crmNotFound } from '../crm/errors';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';

const CONNECTION = { ja: '連携', en: 'connection' };
const KINDS: readonly ConnectionKind[] = ['crm', 'desk', 'lists'];

/**
 * Connections to integrations: list (the node forms pick from `?kind=`), create, rename or replace
 * credentials, test, switch off / on, delete. Credentials never leave the server. Changing a
 * connection is for admins (it can stop every workflow that uses it); editors may test.
 */
export function connectionRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { connections } = crmForApp(deps);
  const { db } = deps;

  router.get('/api/connection-types', requireRole('viewer'), (_req, res) => {
    res.json({ items: connections.listTypes() });
  });
  router.get('/api/connections', requireRole('viewer'), async (req, res) => {
    const kind = KINDS.find((candidate) => candidate === req.query.kind);
    res.json({ items: await connections.list(kind ? { kind } : {}) });
  });
  router.post('/api/connections', requireRole('admin'), async (req, res) => {
    const user = currentUser(req);
    const view = await connections.create(req.body, user.id);
    await recordAudit({
      db,
      actor: user,
      action: 'connection.create',
      targetType: 'connection',
      targetId: view.id,
      details: { type: view.type, name: view.name },
      req,
    });
    res.status(201).json(view);
  });
  router.get('/api/connections/:id', requireRole('viewer'), async (req, res) => {
    const view = await connections.get(pathParam(req, 'id'));
    if (!view) throw crmNotFound(CONNECTION, pathParam(req, 'id'));
    res.json(view);
  });
  router.patch('/api/connections/:id', requireRole('admin'), async (req, res) => {
    const id = pathParam(req, 'id');
    const view = await connections.update(id, req.body);
    if (!view) throw crmNotFound(CONNECTION, id);
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'connection.update',
      targetType: 'connection',
      targetId: id,
      details: { name: view.name },
      req,
    });
    res.json(view);
  });
  router.post('/api/connections/:id/test', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const result = await connections.test(id);
    if (!result) throw crmNotFound(CONNECTION, id);
    res.json(result);
  });
  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'enabled'],
  ] as const) {
    router.post(`/api/connections/:id/${action}`, requireRole('admin'), async (req, res) => {
      const id = pathParam(req, 'id');
      const view = await connections.setStatus(id, status);
      if (!view) throw crmNotFound(CONNECTION, id);
      await recordAudit({
        db,
        actor: currentUser(req),
        action: `connection.${action}`,
        targetType: 'connection',
        targetId: id,
        req,
      });
      res.json(view);
    });
  }
  router.delete('/api/connections/:id', requireRole('admin'), async (req, res) => {
    const id = pathParam(req, 'id');
    if (!(await connections.remove(id))) throw crmNotFound(CONNECTION, id);
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'connection.delete',
      targetType: 'connection',
      targetId: id,
      req,
    });
    res.status(204).end();
  });

  router.use(crmErrors);
  return router;
}
