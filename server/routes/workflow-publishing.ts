import { Router } from 'express';
import type { Request } from 'express';
import { Type } from 'typebox';
import { recordAudit } from '../auth/audit';
import { currentUser, requireRole } from '../auth/middleware';
import type { WorkflowModel } from '../db/models/index';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError } from '../http/errors';
import { pathParam } from '../http/params';
import type { ActiveWorkflowsChange } from '../services';
import { checkPublishable, describeVersion, describeWorkflow } from './workflow-documents';
import type { RouteDeps } from './deps';

const readActivate = bodyChecker(
  Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
);

/** The body is optional for activate; a missing one (or `{}`) means "the latest version". */
function optionalBody(req: Request): unknown {
  const body: unknown = req.body;
  return body === undefined || body === null ? {} : body;
}

/** Publishing (immutable numbered versions), the version list, activation. */
export function workflowPublishingRoutes({ db, services }: RouteDeps): Router {
  const router = Router();
  const { Workflow, WorkflowVersion } = db.models;

  function announce(change: ActiveWorkflowsChange): void {
    services.events.emit('activeWorkflowsChanged', change);
  }

  /** Reads the workflow inside a transaction, locked where the database can (Postgres). */
  async function lockWorkflow(
    id: string,
    transaction: Parameters<typeof Workflow.findByPk>[1],
  ): Promise<WorkflowModel> {
    const workflow = await Workflow.findByPk(id, transaction);
    if (!workflow)
      throw notFoundError({ ja: 'そのワークフローはありません。', en: 'There is no such workflow.' });
    return workflow;
  }

  router.post('/api/workflows/:id/publish', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const user = currentUser(req);
    const { workflow, version, warnings } = await db.sequelize.transaction(async (transaction) => {
      const workflow = await lockWorkflow(id, { transaction, lock: db.dialect === 'postgres' });
      const { warnings } = checkPublishable({ doc: workflow.draft, registry: services.registry });
      const number = workflow.latestVersion + 1;
      const version = await WorkflowVersion.create(
        { workflowId: id, version: number, document: workflow.draft, warnings, publishedBy: user.id },
        { transaction },
      );
      // Publishing an active workflow puts the new version live, as users of n8n expect.
      await workflow.update(
        { latestVersion: number, ...(workflow.active ? { activeVersion: number } : {}) },
        { transaction },
      );
      return { workflow, version, warnings };
    });
    await recordAudit({
      db,
      actor: user,
      action: 'workflow.publish',
      targetType: 'workflow',
      targetId: id,
      details: { version: version.version, warnings: warnings.length },
      req,
    });
    if (workflow.active)
      announce({ workflowId: id, active: true, version: version.version, reason: 'publish' });
    res
      .status(201)
      .json({ workflow: describeWorkflow(workflow), version: describeVersion(version), warnings });
  });

  router.get('/api/workflows/:id/versions', requireRole('viewer'), async (req, res) => {
    const id = pathParam(req, 'id');
    await lockWorkflow(id, {});
    const versions = await WorkflowVersion.findAll({
      where: { workflowId: id },
      attributes: { exclude: ['document'] },
      order: [['version', 'DESC']],
    });
    res.json({ items: versions.map((v) => describeVersion(v)) });
  });

  router.get('/api/workflows/:id/versions/:n', requireRole('viewer'), async (req, res) => {
    const id = pathParam(req, 'id');
    const number = Number(pathParam(req, 'n'));
    const version = Number.isInteger(number)
      ? await WorkflowVersion.findOne({ where: { workflowId: id, version: number } })
      : null;
    if (!version) {
      throw notFoundError({ ja: 'そのバージョンはありません。', en: 'There is no such version.' });
    }
    res.json(describeVersion(version, { withDocument: true }));
  });

  router.post('/api/workflows/:id/activate', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const body = readActivate(optionalBody(req));
    const workflow = await lockWorkflow(id, {});
    if (workflow.latestVersion === 0) {
      throw new HttpError({
        status: 409,
        code: 'not_published',
        message: {
          ja: '有効にする前にワークフローを公開してください。',
          en: 'Publish the workflow before activating it.',
        },
      });
    }
    const versionNumber = body.version ?? workflow.latestVersion;
    if ((await WorkflowVersion.count({ where: { workflowId: id, version: versionNumber } })) === 0) {
      throw notFoundError({
        ja: `バージョン ${versionNumber} はありません。`,
        en: `There is no version ${versionNumber}.`,
      });
    }
    await workflow.update({ active: true, activeVersion: versionNumber, updatedBy: currentUser(req).id });
    await recordAudit({
      db,
      actor: currentUser(req),
      action: 'workflow.activate',
      targetType: 'workflow',
      targetId: id,
      details: { version: versionNumber },
      req,
    });
    announce({ workflowId: id, active: true, version: versionNumber, reason: 'activate' });
    res.json(describeWorkflow(workflow));
  });

  router.post('/api/workflows/:id/deactivate', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const workflow = await lockWorkflow(id, {});
    const wasActive = workflow.active;
    await workflow.update({ active: false, activeVersion: null, updatedBy: currentUser(req).id });
    if (wasActive) {
      await recordAudit({
        db,
        actor: currentUser(req),
        action: 'workflow.deactivate',
        targetType: 'workflow',
        targetId: id,
        req,
      });
      announce({ workflowId: id, active: false, version: null, reason: 'deactivate' });
    }
    res.json(describeWorkflow(workflow));
  });

  return router;
}
