import { Router } from 'express';
import type { Request } from 'express';
import { Type } from 'typebox';
import { recordAudit } from '../auth/audit';
import { currentUser, requireRole } from '../auth/middleware';
import { bodyChecker } from '../http/body';
import { HttpError, notFoundError } from '../http/errors';
import { pathParam } from '../http/params';
import { connectWithToken, listChannels, startOAuth } from '../slack/connect';
import { slackRuntimeOf } from '../slack/instance';
import type { SlackRuntime } from '../slack/instance';
import { listMapping, saveMapping, validateMapping } from '../slack/mapping';
import { SLACK_EVENTS } from '../slack/settings';
import type { SlackWorkspace } from '../slack/workspaces';
import { wireSlack } from '../slack/wiring';
import type { RouteDeps } from './deps';

const language = Type.Union([Type.Literal('ja'), Type.Literal('en')]);
const secret = (max = 500) => Type.String({ minLength: 1, maxLength: max });

const readToken = bodyChecker(
  Type.Object(
    {
      botToken: Type.String({ pattern: '^xox[a-z]-', maxLength: 500 }),
      signingSecret: secret(),
      language: Type.Optional(language),
    },
    { additionalProperties: false },
  ),
);
const readOAuth = bodyChecker(
  Type.Object(
    {
      clientId: secret(200),
      clientSecret: secret(),
      signingSecret: secret(),
      language: Type.Optional(language),
    },
    { additionalProperties: false },
  ),
);
const readMapping = bodyChecker(
  Type.Object(
    {
      mode: Type.Union([Type.Literal('all'), Type.Literal('per_department')]),
      entries: Type.Array(
        Type.Object(
          {
            departmentId: Type.String({ minLength: 1, maxLength: 100 }),
            channelId: Type.String({ minLength: 1, maxLength: 40 }),
            channelName: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    },
    { additionalProperties: false },
  ),
);
const readSettings = bodyChecker(
  Type.Object(
    {
      language: Type.Optional(language),
      toggles: Type.Optional(
        Type.Partial(Type.Object(Object.fromEntries(SLACK_EVENTS.map((event) => [event, Type.Boolean()]))), {
          additionalProperties: false,
        }),
      ),
    },
    { additionalProperties: false },
  ),
);
const readSwitch = bodyChecker(Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }));

const missing = () =>
  notFoundError({ ja: 'その Slack ワークスペースはありません。', en: 'There is no such Slack workspace.' });
const readOnly = () =>
  new HttpError({
    status: 409,
    code: 'workspace_disabled',
    message: {
      ja: 'このワークスペースは無効です。設定を変更するには、先に有効にしてください。',
      en: 'This workspace is switched off. Switch it on to change its settings.',
    },
  });
const slackRefused = (error: string) =>
  new HttpError({
    status: 400,
    code: 'slack_error',
    message: {
      ja: `Slack に接続できませんでした（${error}）。`,
      en: `Slack refused the connection (${error}).`,
    },
    details: { slackError: error },
  });

/** The Slack settings screens' API: owner and admin only (connect, map, switch, delete). */
export function slackRoutes(deps: RouteDeps & { runtime?: SlackRuntime }): Router {
  const router = Router();
  const admin = requireRole('admin');
  const runtime = () => deps.runtime ?? slackRuntimeOf(deps);
  if (!deps.runtime) wireSlack(deps);

  async function workspaceOf(req: Request): Promise<SlackWorkspace> {
    const workspace = await runtime().service.workspaces.get(pathParam(req, 'id'));
    if (!workspace) throw missing();
    return workspace;
  }
  async function describe(workspace: SlackWorkspace) {
    return { ...workspace, mapping: await listMapping({ db: deps.db, workspaceId: workspace.id }) };
  }
  const audit = (req: Request, action: string, targetId: string | null, details?: Record<string, unknown>) =>
    recordAudit({
      db: deps.db,
      actor: currentUser(req),
      action,
      targetType: 'slack',
      targetId,
      ...(details ? { details } : {}),
      req,
    });

  router.get('/api/slack', admin, async (_req, res) => {
    const { workspaces } = runtime().service;
    const list = await workspaces.list();
    res.json({
      enabled: await workspaces.integrationEnabled(),
      workspaces: await Promise.all(list.map(describe)),
    });
  });

  router.patch('/api/slack', admin, async (req, res) => {
    const { enabled } = readSwitch(req.body);
    await runtime().service.setIntegrationEnabled(enabled);
    await audit(req, enabled ? 'slack.enable' : 'slack.disable', null);
    res.json({ enabled });
  });

  router.delete('/api/slack', admin, async (req, res) => {
    const removed = await runtime().service.workspaces.removeAll();
    await audit(req, 'slack.delete', null, { workspaces: removed });
    res.status(204).end();
  });

  router.post('/api/slack/workspaces', admin, async (req, res) => {
    const body = readToken(req.body);
    const result = await connectWithToken({
      service: runtime().service,
      botToken: body.botToken,
      signingSecret: body.signingSecret,
      language: body.language ?? 'ja',
      userId: currentUser(req).id,
    });
    if (!result.ok) throw slackRefused(result.error);
    await audit(req, 'slack.connect', result.workspace.id, { team: result.workspace.settings.teamName });
    res.status(201).json({ workspace: await describe(result.workspace) });
  });

  router.post('/api/slack/oauth/start', admin, async (req, res) => {
    const body = readOAuth(req.body);
    res.json(
      await startOAuth({
        service: runtime().service,
        secretKey: deps.config.secretKey,
        userId: currentUser(req).id,
        language: body.language ?? 'ja',
        ...body,
      }),
    );
  });

  router.post('/api/slack/workspaces/:id/regenerate', admin, async (req, res) => {
    const workspace = await workspaceOf(req);
    const credentials = await runtime().service.workspaces.credentials(workspace.id);
    if (!credentials?.clientId || !credentials.clientSecret) {
      throw new HttpError({
        status: 409,
        code: 'no_oauth_app',
        message: {
          ja: 'このワークスペースはトークンの貼り付けで接続されています。新しいトークンを貼り付けてください。',
          en: 'This workspace was connected with a pasted token; paste a new one instead.',
        },
      });
    }
    res.json(
      await startOAuth({
        service: runtime().service,
        secretKey: deps.config.secretKey,
        userId: currentUser(req).id,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        signingSecret: credentials.signingSecret,
        language: workspace.settings.language,
        workspaceId: workspace.id,
      }),
    );
  });

  router.post('/api/slack/workspaces/:id/test', admin, async (req, res) => {
    const workspace = await workspaceOf(req);
    const answer = await runtime().service.callAsBot(workspace.id, 'auth.test', {});
    res.json(
      answer.kind === 'ok'
        ? { ok: true, team: answer.body.team }
        : { ok: false, error: answer.kind === 'error' ? answer.error : answer.kind },
    );
  });

  router.get('/api/slack/workspaces/:id/channels', admin, async (req, res) => {
    const workspace = await workspaceOf(req);
    const result = await listChannels({ service: runtime().service, workspaceId: workspace.id });
    if (!result.ok) throw slackRefused(result.error);
    res.json({ items: result.channels });
  });

  router.put('/api/slack/workspaces/:id/mapping', admin, async (req, res) => {
    const workspace = await workspaceOf(req);
    if (!workspace.enabled) throw readOnly();
    const body = readMapping(req.body);
    const departments = await deps.db.models.CrmDepartment.findAll({ where: { deletedAt: null } });
    const problems = validateMapping({
      mode: body.mode,
      entries: body.entries,
      departments: new Map(departments.map((d) => [d.id, d.name])),
    });
    const first = problems[0];
    if (first)
      throw new HttpError({ status: 400, code: first.code, message: first.message, details: { problems } });
    await saveMapping({ db: deps.db, workspaceId: workspace.id, mode: body.mode, entries: body.entries });
    const updated = await runtime().service.workspaces.updateSettings(workspace.id, {
      mappingMode: body.mode,
    });
    await audit(req, 'slack.mapping', workspace.id, { mode: body.mode, entries: body.entries.length });
    res.json({ workspace: await describe(updated ?? workspace) });
  });

  router.patch('/api/slack/workspaces/:id', admin, async (req, res) => {
    const workspace = await workspaceOf(req);
    const body: unknown = req.body;
    const { workspaces } = runtime().service;
    if (typeof body === 'object' && body !== null && 'enabled' in body) {
      const { enabled } = readSwitch(body);
      const updated = await workspaces.setEnabled(workspace.id, enabled);
      await audit(req, enabled ? 'slack.workspace_enable' : 'slack.workspace_disable', workspace.id);
      return res.json({ workspace: await describe(updated ?? workspace) });
    }
    if (!workspace.enabled) throw readOnly();
    const change = readSettings(body);
    const updated = await workspaces.updateSettings(workspace.id, {
      ...(change.language ? { language: change.language } : {}),
      toggles: { ...workspace.settings.toggles, ...change.toggles },
    });
    await audit(req, 'slack.settings', workspace.id, { ...change });
    res.json({ workspace: await describe(updated ?? workspace) });
  });

  router.delete('/api/slack/workspaces/:id', admin, async (req, res) => {
    const workspace = await workspaceOf(req);
    await runtime().service.workspaces.remove(workspace.id);
    await audit(req, 'slack.workspace_delete', workspace.id, { team: workspace.settings.teamName });
    res.status(204).end();
  });

  return router;
}
