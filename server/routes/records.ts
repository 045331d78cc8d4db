import { Router, type Request } from 'express';
import { requireRole, currentUser } from '../auth/middleware';
import { crmForApp, requestActor } from '../crm/app-wiring';
import { crmErrors, crmNotFound } from '../crm/errors';
import { describeRecord } from '../crm/describe';
import { MODULE_SPECS, isRecordModule } from '../crm/modules';
import { recordTimeline } from '../crm/timeline';
import { HttpError } from '../http/errors';
import { pathParam } from '../http/params';
import type { RecordModule } from '../../runtime/ports/crm';
import { readPaging } from './paging';
import type { RouteDeps } from './deps';

function moduleParam(req: Request): RecordModule {
  const module = pathParam(req, 'module');
  if (isRecordModule(module)) return module;
  throw new HttpError({
    status: 404,
    code: 'unknown_module',
    message: {
      ja: `「${module}」というモジュールはありません（${Object.keys(MODULE_SPECS).join('、')}）。`,
      en: `There is no module "${module}" (${Object.keys(MODULE_SPECS).join(', ')}).`,
    },
  });
}

const RECORD = { ja: 'レコード', en: 'record' };

function queryOf(req: Request): Record<string, unknown> {
  return { ...req.query };
}

/**
 * The built-in records: `/api/records/<module>` list (paged, filtered), create, read, update,
 * delete, move to a stage; a record's timeline; mailing-list members; saved list views.
 * Viewers read; editors and above write.
 */
export function recordRoutes(deps: RouteDeps): Router {
  const router = Router();
  const crm = crmForApp(deps);

  // What each module holds, for forms and list columns.
  router.get('/api/records', requireRole('viewer'), (_req, res) => {
    res.json({
      items: Object.values(MODULE_SPECS).map((spec) => ({
        module: spec.module,
        labels: spec.labels,
        pipeline: spec.pipeline,
        fields: spec.fields.map(({ column: _column, ...field }) => field),
      })),
    });
  });

  router.get('/api/record-views', requireRole('viewer'), async (req, res) => {
    const module = typeof req.query.module === 'string' ? req.query.module : undefined;
    res.json({
      items: await crm.savedViews.list({ userId: currentUser(req).id, ...(module ? { module } : {}) }),
    });
  });
  router.post('/api/record-views', requireRole('viewer'), async (req, res) => {
    res.status(201).json(await crm.savedViews.create({ userId: currentUser(req).id, body: req.body }));
  });
  router.patch('/api/record-views/:id', requireRole('viewer'), async (req, res) => {
    const view = await crm.savedViews.update({
      userId: currentUser(req).id,
      id: pathParam(req, 'id'),
      body: req.body,
    });
    if (!view) throw crmNotFound({ ja: '保存したビュー', en: 'saved view' }, pathParam(req, 'id'));
    res.json(view);
  });
  router.delete('/api/record-views/:id', requireRole('viewer'), async (req, res) => {
    if (!(await crm.savedViews.remove({ userId: currentUser(req).id, id: pathParam(req, 'id') }))) {
      throw crmNotFound({ ja: '保存したビュー', en: 'saved view' }, pathParam(req, 'id'));
    }
    res.status(204).end();
  });

  router.get('/api/records/:module', requireRole('viewer'), async (req, res) => {
    res.json(await crm.records.list(moduleParam(req), queryOf(req)));
  });

  router.post('/api/records/:module', requireRole('editor'), async (req, res) => {
    const view = await crm.records.create({
      module: moduleParam(req),
      input: req.body,
      actor: requestActor(req),
    });
    res.status(201).json(view);
  });

  router.get('/api/records/:module/:id', requireRole('viewer'), async (req, res) => {
    const record = await crm.records.get(moduleParam(req), pathParam(req, 'id'));
    if (!record) throw crmNotFound(RECORD, pathParam(req, 'id'));
    res.json(describeRecord(record));
  });

  const update = async (req: Request) => {
    const view = await crm.records.update({
      module: moduleParam(req),
      id: pathParam(req, 'id'),
      input: req.body,
      actor: requestActor(req),
    });
    if (!view) throw crmNotFound(RECORD, pathParam(req, 'id'));
    return view;
  };
  // PATCH and PUT both change only the fields sent (a GET's body can be sent back as it is).
  router.patch('/api/records/:module/:id', requireRole('editor'), async (req, res) => {
    res.json(await update(req));
  });
  router.put('/api/records/:module/:id', requireRole('editor'), async (req, res) => {
    res.json(await update(req));
  });

  router.delete('/api/records/:module/:id', requireRole('editor'), async (req, res) => {
    if (
      !(await crm.records.remove({
        module: moduleParam(req),
        id: pathParam(req, 'id'),
        actor: requestActor(req),
      }))
    ) {
      throw crmNotFound(RECORD, pathParam(req, 'id'));
    }
    res.status(204).end();
  });

  // Moves a deal or ticket to another stage (the board's drag and drop): stage history, events, automations.
  router.post('/api/records/:module/:id/stage', requireRole('editor'), async (req, res) => {
    const module = moduleParam(req);
    if (!MODULE_SPECS[module].pipeline) {
      throw new HttpError({
        status: 400,
        code: 'validation_failed',
        message: {
          ja: 'このモジュールにはステージがありません。',
          en: 'Records of this module have no stages.',
        },
        details: [{ field: 'module', message: { ja: 'ステージがありません。', en: 'has no stages.' } }],
      });
    }
    const body: unknown = req.body;
    const stageId = typeof body === 'object' && body !== null && 'stageId' in body ? body.stageId : undefined;
    if (typeof stageId !== 'string' || stageId === '') {
      throw new HttpError({
        status: 400,
        code: 'validation_failed',
        message: { ja: 'stageId を指定してください。', en: 'Give the stageId.' },
        details: [{ field: 'stageId', message: { ja: '必須です。', en: 'is required.' } }],
      });
    }
    const view = await crm.records.moveStage({
      module,
      id: pathParam(req, 'id'),
      stageId,
      actor: requestActor(req),
    });
    if (!view) throw crmNotFound(RECORD, pathParam(req, 'id'));
    res.json(view);
  });

  router.get('/api/records/:module/:id/timeline', requireRole('viewer'), async (req, res) => {
    const record = await crm.records.get(moduleParam(req), pathParam(req, 'id'));
    if (!record) throw crmNotFound(RECORD, pathParam(req, 'id'));
    res.json(await recordTimeline(deps.db, record.id));
  });

  router.get('/api/records/mailing_lists/:id/members', requireRole('viewer'), async (req, res) => {
    const { limit, offset } = readPaging(req.query);
    const list = await crm.records.get('mailing_lists', pathParam(req, 'id'));
    if (!list) throw crmNotFound({ ja: '配信リスト', en: 'mailing list' }, pathParam(req, 'id'));
    res.json({ ...(await crm.lists.members({ listId: list.id, limit, offset })), limit, offset });
  });
  router.post('/api/records/mailing_lists/:id/members', requireRole('editor'), async (req, res) => {
    const { member, state } = await crm.lists.addMember({ listId: pathParam(req, 'id'), body: req.body });
    res.status(state === 'subscribed' ? 201 : 200).json({ ...member, state });
  });
  router.delete(
    '/api/records/mailing_lists/:id/members/:memberId',
    requireRole('editor'),
    async (req, res) => {
      if (
        !(await crm.lists.removeMember({
          listId: pathParam(req, 'id'),
          memberId: pathParam(req, 'memberId'),
        }))
      ) {
        throw crmNotFound({ ja: 'メンバー', en: 'member' }, pathParam(req, 'memberId'));
      }
      res.status(204).end();
    },
  );

  router.use(crmErrors);
  return router;
}
