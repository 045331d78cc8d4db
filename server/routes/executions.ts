import { Router } from 'express';
import { Type } from 'typebox';
import { currentUser, requireRole } from '../auth/middleware';
import type { RunRowStatus } from '../db/models/index';
import { RUN_ROW_STATUSES } from '../db/models/index';
import { executionForApp } from '../execution/app-wiring';
import { RunActionError, type RunSummary } from '../execution/index';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError } from '../http/errors';
import { pathParam } from '../http/params';
import type { RouteDeps } from './deps';
import { findWorkflow } from './workflow-documents';
import { validateWorkflow } from '../../runtime/engine/validate-graph';
import { isWorkflowDocument } from '../execution/workflow-source';

const readListQuery = bodyChecker(
  Type.Object(
    {
      workflowId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      status: Type.Optional(
        Type.String({ pattern: `^(${RUN_ROW_STATUSES.join('|')})(,(${RUN_ROW_STATUSES.join('|')}))*$` }),
      ),
      trigger: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
      from: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
      to: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
      limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
      cursor: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
);

const readRunBody = bodyChecker(
  Type.Object(
    {
      input: Type.Optional(Type.Unknown()),
      version: Type.Optional(Type.Integer({ minimum: 1 })),
      triggerNodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      waitMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    },
    { additionalProperties: false },
  ),
);

const MAX_PAGE = 200;

/** `from` / `to`: an ISO date-time or epoch milliseconds. */
function readTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) {
    throw new HttpError({
      status: 400,
      code: 'invalid_request',
      message: {
        ja: `${field} は日時（ISO 8601）かミリ秒で指定してください。`,
        en: `${field} must be an ISO 8601 date-time or epoch milliseconds.`,
      },
      details: { problems: [{ field, message: 'is not a time' }] },
    });
  }
  return time;
}

function iso(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

/** A run as the API shows it: times as ISO strings, the workflow's name alongside its id. */
function describeRun(run: RunSummary, names: Map<string, string>) {
  return {
    id: run.id,
    workflowId: run.workflowId,
    workflowName: names.get(run.workflowId) ?? run.workflowId,
    version: run.version,
    status: run.status,
    mode: run.mode,
    trigger: run.triggerKind,
    triggerNode: run.triggerNode,
    retryOf: run.retryOf,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: run.finishedAt === null ? null : run.finishedAt - run.startedAt,
    stepCount: run.stepCount,
    error: run.error,
    cancelRequested: run.cancelRequested,
  };
}

function actionError(error: unknown): unknown {
  if (!(error instanceof RunActionError)) return error;
  if (error.code === 'not_found') {
    return notFoundError({ ja: 'その実行はありません。', en: 'There is no such run.' });
  }
  return new HttpError({
    status: 409,
    code: error.code,
    message:
      error.code === 'not_retryable'
        ? { ja: '失敗・中断・キャンセルされた実行だけを再実行できます。', en: error.message }
        : { ja: 'この実行はすでに終わっています。', en: error.message },
  });
}

/**
 * The run history (list with filters and paging, one run with its steps, retry, cancel) and the
 * manual run of a workflow (the editor's Run button).
 */
export function executionRoutes(deps: RouteDeps): Router {
  const execution = executionForApp(deps);
  const { Workflow } = deps.db.models;
  const router = Router();

  async function namesOf(runs: RunSummary[]): Promise<Map<string, string>> {
    const ids = [...new Set(runs.map((run) => run.workflowId))];
    if (ids.length === 0) return new Map();
    const rows = await Workflow.findAll({ where: { id: ids }, attributes: ['id', 'name'] });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  router.get('/api/executions', requireRole('viewer'), async (req, res) => {
    const query = readListQuery(req.query);
    const status = query.status
      ?.split(',')
      .flatMap((value) => RUN_ROW_STATUSES.filter((s): s is RunRowStatus => s === value));
    const page = await execution.listRuns({
      workflowId: query.workflowId,
      status,
      triggerKind: query.trigger,
      from: readTime(query.from, 'from'),
      to: readTime(query.to, 'to'),
      limit: Math.min(Math.max(Number(query.limit ?? 50), 1), MAX_PAGE),
      cursor: query.cursor,
    });
    const names = await namesOf(page.items);
    res.json({
      items: page.items.map((run) => describeRun(run, names)),
      nextCursor: page.nextCursor,
      total: page.total,
    });
  });

  router.get('/api/executions/:id', requireRole('viewer'), async (req, res) => {
    const run = await execution.getRun(pathParam(req, 'id'));
    if (!run) throw notFoundError({ ja: 'その実行はありません。', en: 'There is no such run.' });
    const names = await namesOf([run]);
    res.json({ ...describeRun(run, names), state: run.state, steps: run.state.steps });
  });

  router.post('/api/workflows/:id/run', requireRole('editor'), async (req, res) => {
    const id = pathParam(req, 'id');
    const body = readRunBody(req.body ?? {});
    const workflow = await findWorkflow(deps.db, id);
    const document = body.version === undefined ? workflow.draft : await publishedDocument(id, body.version);
    const problems = validateWorkflow(document, deps.services.registry).filter((p) => p.severity === 'error');
    if (problems.length > 0 || !isWorkflowDocument(document)) {
      throw new HttpError({
        status: 422,
        code: 'workflow_invalid',
        message: {
          ja: `エラーが ${problems.length} 件あるため実行できません。`,
          en: `The workflow has ${problems.length} error${problems.length === 1 ? '' : 's'} and cannot be run.`,
        },
        details: { problems },
      });
    }
    const result = await execution.runManually({
      workflowId: id,
      version: body.version ?? null,
      document: { ...document, id },
      payload: body.input ?? {},
      triggerNodeId: body.triggerNodeId,
      userId: currentUser(req).id,
      waitMs: body.waitMs ?? 30_000,
    });
    const run = await execution.getRun(result.runId);
    if (!run) throw notFoundError({ ja: 'その実行はありません。', en: 'There is no such run.' });
    const names = await namesOf([run]);
    res.status(201).json({ ...describeRun(run, names), run: run.state });
  });

  async function publishedDocument(workflowId: string, version: number): Promise<unknown> {
    const row = await deps.db.models.WorkflowVersion.findOne({ where: { workflowId, version } });
    if (!row) throw notFoundError({ ja: 'その版はありません。', en: 'There is no such version.' });
    return row.document;
  }

  router.post('/api/executions/:id/retry', requireRole('editor'), async (req, res) => {
    const runId = pathParam(req, 'id');
    try {
      const result = await execution.retry({ runId, userId: currentUser(req).id });
      res.status(202).json({ id: result.runId, runId: result.runId, retryOf: runId });
    } catch (error) {
      throw actionError(error);
    }
  });

  router.post('/api/executions/:id/cancel', requireRole('editor'), async (req, res) => {
    const runId = pathParam(req, 'id');
    try {
      const status = await execution.cancel(runId);
      res.json({ id: runId, status });
    } catch (error) {
      throw actionError(error);
    }
  });

  return router;
}
