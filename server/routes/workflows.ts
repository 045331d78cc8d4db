import { Router } from 'express';
import { Op, col, fn, where } from 'sequelize';
import type { WhereOptions } from 'sequelize';
import { Type } from 'typebox';
import { recordAudit } from '../auth/audit';
import { currentUser, requireRole } from '../auth/middleware';
import type { WorkflowModel } from '../db/models/index';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError } from '../http/errors';
import { pathParam } from '../http/params';
import { isRecord } from '../../runtime/engine/registry';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { readPaging } from './paging';
import {
  blankDocument,
  checkDraft,
  columnsOf,
  describeWorkflow,
  findWorkflow,
  newWorkflowId,
} from './workflow-documents';
import type { RouteDeps } from './deps';

const readListQuery = bodyChecker(
  Type.Object(
    {
      search: Type.Optional(Type.String({ maxLength: 200 })),
      active: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    },
    { additionalProperties: true },
  ),
);
const readCreate = bodyChecker(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      description: Type.Optional(Type.String({ maxLength: 5000 })),
      settings: Type.Optional(Type.Object({})),
      nodes: Type.Optional(Type.Array(Type.Unknown())),
      edges: Type.Optional(Type.Array(Type.Unknown())),
      notes: Type.Optional(Type.Array(Type.Unknown())),
      /** A whole document to start from (the editor's "save as new"); its id is replaced. */
      draft: Type.Optional(Type.Object({})),
    },
    { additionalProperties: false },
  ),
);

/**
 * PUT takes the document itself, or `{ draft, baseUpdatedAt }` as the editor sends it.
 * `baseUpdatedAt` (or the If-Unmodified-Since-Revision header) is the revision the change was made
 * on; when the stored draft has moved on since, the save is refused (409) instead of overwriting.
 */
function readSave(body: unknown, header: string | undefined): { doc: unknown; base: string | undefined } {
  if (isRecord(body) && isRecord(body.draft)) {
    const base =
      typeof body.baseUpdatedAt === 'string' && body.baseUpdatedAt !== '' ? body.baseUpdatedAt : header;
    return { doc: body.draft, base };
  }
  return { doc: body, base: header };
}

/** Workflow drafts: list, create, read, save, delete; import and export of documents. */
export function workflowRoutes({ db, services }: RouteDeps): Router {
  const router = Router();
  const { registry } = services;

  router.get('/api/workflows', requireRole('viewer'), async (req, res) => {
    const { limit, offset } = readPaging(req.query);
    const query = readListQuery(req.query);
    const conditions: WhereOptions<WorkflowModel>[] = [];
    if (query.search !== undefined && query.search.trim() !== '') {
      // instr/strpos rather than LIKE: a `%` or `_` the user types is searched for, not a wildcard.
      const position = db.dialect === 'postgres' ? 'strpos' : 'instr';
      conditions.push(
        where(fn(position, fn('lower', col('name')), query.search.trim().toLowerCase()), Op.gt, 0),
      );
    }
    if (query.active !== undefined) conditions.push({ active: query.active === 'true' });
    const { rows, count } = await db.models.Workflow.findAndCountAll({
      where: { [Op.and]: conditions },
      attributes: { exclude: ['draft'] },
      order: [
        ['updatedAt', 'DESC'],
        ['id', 'ASC'],
      ],
      limit,
      offset,
    });
    res.json({ items: rows.map((row) => describeWorkflow(row)), total: count, limit, offset });
  });

  router.post('/api/workflows', requireRole('editor'), async (req, res) => {
    const { draft, ...fields } = readCreate(req.body);
    const id = newWorkflowId();
    const start = { ...blankDocument({ id, name: fields.name }), ...draft, ...fields, id };
    const doc = checkDraft({ doc: start, registry });
    const user = currentUser(req);
    const workflow = await db.models.Workflow.create({
      id,
      ...columnsOf(doc),
      draft: doc,
      createdBy: user.id,
      updatedBy: user.id,
    });
    await recordAudit({
      db,
      actor: user,
      action: 'workflow.create',
      targetType: 'workflow',
      targetId: id,
      details: { name: workflow.name },
      req,
    });
    res.status(201).json(describeWorkflow(workflow, { withDocument: true }));
  });

  router.post('/api/workflows/import', requireRole('editor'), async (req, res) => {
    const body: unknown = req.body;
    const given = isRecord(body) && typeof body.id === 'string' ? body.id : undefined;
    const taken = given === undefined || (await db.models.Workflow.count({ where: { id: given } })) > 0;
    // The document keeps its id unless a workflow has it already; then it gets a new one.
    const id = taken || given === undefined ? newWorkflowId() : given;
    const doc = checkDraft({ doc: isRecord(body) ? { ...body, id } : body, registry });
    const user = currentUser(req);
    const workflow = await db.models.Workflow.create({
      id,
      ...columnsOf(doc),
      draft: doc,
      createdBy: user.id,
      updatedBy: user.id,
    });
    await recordAudit({
      db,
      actor: user,
      action: 'workflow.import',
      targetType: 'workflow',
      targetId: id,
      details: { name: workflow.name, ...(given !== undefined && given !== id ? { originalId: given } : {}) },
      req,
    });
    res.status(201).json(describeWorkflow(workflow, { withDocument: true }));
  });

  // Checks a document without saving it: every problem, errors and warnings (for the editor's panel).
  router.post('/api/workflows/validate', requireRole('viewer'), (req, res) => {
    const body: unknown = req.body;
    const doc = isRecord(body) && isRecord(body.document) ? body.document : body;
    const problems = validateWorkflow(doc, registry);
    res.json({ valid: !problems.some((p) => p.severity === 'error'), problems });
  });

  router.get('/api/workflows/:id', requireRole('viewer'), async (req, res) => {
    res.json(describeWorkflow(await findWorkflow(db, pathParam(req, 'id')), { withDocument: true }));
  });

  router.put('/api/workflows/:id', requireRole('editor'), async (req, res) => {
    const workflow = await findWorkflow(db, pathParam(req, 'id'));
    const { doc: given, base } = readSave(req.body, req.get('if-unmodified-since-revision'));
    // The URL names the workflow; a document saved under it takes its id.
    const doc = checkDraft({ doc: isRecord(given) ? { ...given, id: workflow.id } : given, registry });
    if (base !== undefined && base !== workflow.updatedAt.toISOString()) {
      throw new HttpError({
        status: 409,
        code: 'draft_conflict',
        message: {
          ja: '他の人がこの下書きを先に保存しました。最新の内容を読み込んでから保存してください。',
          en: 'Someone else saved this draft in the meantime. Load the latest version before saving.',
        },
        details: { updatedAt: workflow.updatedAt.toISOString(), updatedBy: workflow.updatedBy },
      });
    }
    await workflow.update({ ...columnsOf(doc), draft: doc, updatedBy: currentUser(req).id });
    res.json(describeWorkflow(workflow, { withDocument: true }));
  });

  router.delete('/api/workflows/:id', requireRole('editor'), async (req, res) => {
    const workflow = await findWorkflow(db, pathParam(req, 'id'));
    const wasActive = workflow.active;
    await workflow.destroy();
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'workflow.delete',
      targetType: 'workflow',
      targetId: workflow.id,
      details: { name: workflow.name },
      req,
    });
    if (wasActive) {
      services.events.emit('activeWorkflowsChanged', {
        workflowId: workflow.id,
        active: false,
        version: null,
        reason: 'delete',
      });
    }
    res.status(204).end();
  });

  router.get('/api/workflows/:id/export', requireRole('viewer'), async (req, res) => {
    const workflow = await findWorkflow(db, pathParam(req, 'id'));
    const versionParam = req.query.version;
    let doc: unknown = workflow.draft;
    if (typeof versionParam === 'string') {
      const version = await db.models.WorkflowVersion.findOne({
        where: { workflowId: workflow.id, version: Number(versionParam) || 0 },
      });
      if (!version) {
        throw notFoundError({
          ja: `バージョン ${versionParam} はありません。`,
          en: `There is no version ${versionParam}.`,
        });
      }
      doc = version.document;
    }
    res.attachment(`${workflow.name || workflow.id}.json`);
    res.type('application/json').send(`${JSON.stringify(doc, null, 2)}\n`);
  });

  return router;
}
