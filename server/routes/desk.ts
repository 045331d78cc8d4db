import { Router } from 'express';
import { requireRole } from '../auth/middleware';
import { crmForApp } from '../crm/app-wiring';
import { crmErrors, crmNotFound } from '../crm/errors';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';

const DEPARTMENT = { ja: '部門', en: 'department' };
const AGENT = { ja: '担当者', en: 'agent' };

/**
 * Help-desk departments and agents: list (deleted ones with `?includeDeleted=true`), create,
 * rename, switch off / on (`status`), delete (kept, marked deleted). Viewers read; editors write.
 */
export function deskRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { parties } = crmForApp(deps);

  router.get('/api/desk/departments', requireRole('viewer'), async (req, res) => {
    res.json({
      items: await parties.listDepartments({ includeDeleted: req.query.includeDeleted === 'true' }),
    });
  });
  router.post('/api/desk/departments', requireRole('editor'), async (req, res) => {
    res.status(201).json(await parties.createDepartment(req.body));
  });
  router.patch('/api/desk/departments/:id', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const view = await parties.updateDepartment(id, req.body);
    if (!view) throw crmNotFound(DEPARTMENT, id);
    res.json(view);
  });
  router.delete('/api/desk/departments/:id', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    if (!(await parties.remove('department', id))) throw crmNotFound(DEPARTMENT, id);
    res.status(204).end();
  });

  router.get('/api/desk/agents', requireRole('viewer'), async (req, res) => {
    const departmentId = typeof req.query.departmentId === 'string' ? req.query.departmentId : undefined;
    res.json({
      items: await parties.listAgents({
        includeDeleted: req.query.includeDeleted === 'true',
        ...(departmentId ? { departmentId } : {}),
      }),
    });
  });
  router.post('/api/desk/agents', requireRole('editor'), async (req, res) => {
    res.status(201).json(await parties.createAgent(req.body));
  });
  router.patch('/api/desk/agents/:id', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const view = await parties.updateAgent(id, req.body);
    if (!view) throw crmNotFound(AGENT, id);
    res.json(view);
  });
  router.delete('/api/desk/agents/:id', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    if (!(await parties.remove('agent', id))) throw crmNotFound(AGENT, id);
    res.status(204).end();
  });

  router.use(crmErrors);
  return router;
}
