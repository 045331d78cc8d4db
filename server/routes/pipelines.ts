import { Router, type Request } from 'express';
import { PIPELINE_MODULES, type PipelineModule } from '../../runtime/ports/crm';
import { currentUser, requireRole } from '../auth/middleware';
import { crmForApp } from '../crm/app-wiring';
import { crmErrors, crmNotFound } from '../crm/errors';
import { describeRecord } from '../crm/describe';
import type { PipelineView } from '../crm/pipelines';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';

const PIPELINE = { ja: 'パイプライン', en: 'pipeline' };
const STAGE = { ja: 'ステージ', en: 'stage' };
const AUTOMATION = { ja: 'ステージの自動処理', en: 'stage automation' };

function moduleQuery(req: Request): PipelineModule | undefined {
  const value = req.query.module;
  return PIPELINE_MODULES.find((module) => module === value);
}

/**
 * Pipelines of deals and tickets: CRUD, stages (add, rename, reorder, delete), custom fields,
 * stage automations, and the board (records per stage). Viewers read; editors and above write.
 */
export function pipelineRoutes(deps: RouteDeps): Router {
  const router = Router();
  const crm = crmForApp(deps);

  const withAutomations = async (pipeline: PipelineView) => ({
    ...pipeline,
    automations: await crm.automations.list({ pipelineId: pipeline.id }),
  });
  const mustGet = async (req: Request): Promise<PipelineView> => {
    const pipeline = await crm.pipelines.get(pathParam(req, 'id'));
    if (!pipeline) throw crmNotFound(PIPELINE, pathParam(req, 'id'));
    return pipeline;
  };
  const found = <T>(value: T | undefined, what: { ja: string; en: string }, id: string): T => {
    if (value === undefined) throw crmNotFound(what, id);
    return value;
  };

  router.get('/api/pipelines', requireRole('viewer'), async (req, res) => {
    const pipelines = await crm.pipelines.list(moduleQuery(req));
    res.json({ items: await Promise.all(pipelines.map(withAutomations)) });
  });
  router.post('/api/pipelines', requireRole('editor'), async (req, res) => {
    res.status(201).json(await withAutomations(await crm.pipelines.create(req.body)));
  });
  router.get('/api/pipelines/:id', requireRole('viewer'), async (req, res) => {
    res.json(await withAutomations(await mustGet(req)));
  });
  router.patch('/api/pipelines/:id', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    res.json(await withAutomations(found(await crm.pipelines.update(id, req.body), PIPELINE, id)));
  });
  router.delete('/api/pipelines/:id', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    if (!(await crm.pipelines.remove(id))) throw crmNotFound(PIPELINE, id);
    res.status(204).end();
  });

  // The kanban board: every stage with its automations, how many records it holds and the first of them.
  router.get('/api/pipelines/:id/board', requireRole('viewer'), async (req, res) => {
    const pipeline = await mustGet(req);
    const perStage = Math.min(Math.max(Number(req.query.perStage) || 50, 1), 200);
    const automations = await crm.automations.list({ pipelineId: pipeline.id });
    const stages = [];
    for (const stage of pipeline.stages) {
      const { rows, count } = await deps.db.models.CrmRecord.findAndCountAll({
        where: { pipelineId: pipeline.id, stageId: stage.id },
        order: [
          ['stageEnteredAt', 'DESC'],
          ['id', 'ASC'],
        ],
        limit: perStage,
      });
      stages.push({
        ...stage,
        total: count,
        records: rows.map(describeRecord),
        automations: automations.filter((automation) => automation.stageId === stage.id),
      });
    }
    res.json({
      pipeline: {
        id: pipeline.id,
        module: pipeline.module,
        name: pipeline.name,
        customFields: pipeline.customFields,
      },
      stages,
    });
  });

  router.post('/api/pipelines/:id/stages', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    res
      .status(201)
      .json(await withAutomations(found(await crm.pipelines.addStage(id, req.body), PIPELINE, id)));
  });
  router.put('/api/pipelines/:id/stages/order', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    res.json(await withAutomations(found(await crm.pipelines.reorderStages(id, req.body), PIPELINE, id)));
  });
  router.patch('/api/pipelines/:id/stages/:stageId', requireRole('editor'), async (req, res) => {
    const [pipelineId, stageId] = [pathParam(req, 'id'), pathParam(req, 'stageId')];
    const updated = await crm.pipelines.updateStage({ pipelineId, stageId, body: req.body });
    res.json(await withAutomations(found(updated, STAGE, stageId)));
  });
  router.delete('/api/pipelines/:id/stages/:stageId', requireRole('editor'), async (req, res) => {
    const [pipelineId, stageId] = [pathParam(req, 'id'), pathParam(req, 'stageId')];
    res.json(
      await withAutomations(found(await crm.pipelines.removeStage({ pipelineId, stageId }), STAGE, stageId)),
    );
  });

  router.get('/api/pipelines/:id/automations', requireRole('viewer'), async (req, res) => {
    const pipeline = await mustGet(req);
    res.json({ items: await crm.automations.list({ pipelineId: pipeline.id }) });
  });
  router.post('/api/pipelines/:id/stages/:stageId/automations', requireRole('editor'), async (req, res) => {
    const [pipelineId, stageId] = [pathParam(req, 'id'), pathParam(req, 'stageId')];
    if (!(await crm.pipelines.stageOf(pipelineId, stageId))) throw crmNotFound(STAGE, stageId);
    const automation = await crm.automations.create({
      pipelineId,
      stageId,
      body: req.body,
      userId: currentUser(req).id,
    });
    res.status(201).json(automation);
  });
  router.patch('/api/pipelines/:id/automations/:automationId', requireRole('editor'), async (req, res) => {
    const [pipelineId, id] = [pathParam(req, 'id'), pathParam(req, 'automationId')];
    res.json(found(await crm.automations.update({ pipelineId, id, body: req.body }), AUTOMATION, id));
  });
  router.delete('/api/pipelines/:id/automations/:automationId', requireRole('editor'), async (req, res) => {
    const [pipelineId, id] = [pathParam(req, 'id'), pathParam(req, 'automationId')];
    if (!(await crm.automations.remove({ pipelineId, id }))) throw crmNotFound(AUTOMATION, id);
    res.status(204).end();
  });

  router.use(crmErrors);
  return router;
}
