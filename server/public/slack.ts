import express, { Router } from 'express';
import type { Request, Response } from 'express';
import type { Language } from '../../runtime/model/localized';
import { isRecord } from '../../runtime/engine/registry';
import { isHttps } from '../app';
import { authenticate } from '../auth/middleware';
import { safeEqual } from '../auth/secrets';
import { sessionCookieName } from '../auth/sessions';
import type { RouteDeps } from '../routes/deps';
import { parseCommand, runCommand } from '../slack/commands';
import { finishOAuth, linkUser } from '../slack/connect';
import { slackRuntimeOf } from '../slack/instance';
import type { SlackRuntime } from '../slack/instance';
import type { SlackMessage } from '../slack/messages';
import { escapeHtml, postToResponseUrl, verifiedWorkspace } from '../slack/requests';
import { createSignInLink, findSignInLink, linkedUser } from '../slack/sign-in';

/** Slack shows a timeout after 3 s; answer "working on it" well before and send the rest later. */
export const DEFAULT_ANSWER_BUDGET_MS = 2000;

const raw = express.raw({ type: () => true, limit: '256kb' });

const unauthorized = (res: Response) => res.status(401).json({ ok: false, error: 'invalid_signature' });

/**
 * What Slack calls: slash commands, button clicks (both signed with the workspace's signing
 * secret), the OAuth redirect, and the one-time sign-in page for Slack users not yet linked.
 */
export function slackPublicRoutes(
  deps: RouteDeps & { runtime?: SlackRuntime; answerBudgetMs?: number },
): Router {
  const router = Router();
  const runtime = () => deps.runtime ?? slackRuntimeOf(deps);
  const budget = deps.answerBudgetMs ?? DEFAULT_ANSWER_BUDGET_MS;

  router.post('/integrations/slack/commands', raw, async (req, res) => {
    const { service, desk } = runtime();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const fields = new URLSearchParams(rawBody.toString('utf8'));
    const workspace = await verifiedWorkspace({ service, req, rawBody, teamId: fields.get('team_id') ?? '' });
    if (!workspace) return unauthorized(res);
    const lang = workspace.settings.language;
    const reply = (message: SlackMessage) =>
      res.json({
        response_type: 'ephemeral',
        text: message.text,
        ...(message.blocks.length ? { blocks: message.blocks } : {}),
      });
    if (await service.refusal(workspace)) return reply(plain(DISABLED[lang]));
    const slackUserId = fields.get('user_id') ?? '';
    const user = await linkedUser({ service, workspaceId: workspace.id, slackUserId });
    if (!user) {
      const link = await createSignInLink({ service, workspaceId: workspace.id, slackUserId });
      return reply(plain(SIGN_IN[lang](link)));
    }
    const work = runCommand({
      command: parseCommand(fields.get('text') ?? ''),
      user,
      desk,
      service,
      language: lang,
    }).catch((error: unknown): SlackMessage => {
      deps.services.logger.error('slack command failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return plain(FAILED[lang]);
    });
    const early = await Promise.race([work, delay(budget).then(() => undefined)]);
    if (early) return reply(early);
    reply(plain(WORKING[lang]));
    const responseUrl = fields.get('response_url') ?? '';
    const late = await work;
    await postToResponseUrl({
      service,
      url: responseUrl,
      body: {
        response_type: 'ephemeral',
        text: late.text,
        ...(late.blocks.length ? { blocks: late.blocks } : {}),
      },
    });
  });

  router.post('/integrations/slack/interactivity', raw, async (req, res) => {
    const { service, desk } = runtime();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const payload = parsePayload(rawBody);
    if (!payload) return res.status(400).json({ ok: false, error: 'invalid_payload' });
    const workspace = await verifiedWorkspace({ service, req, rawBody, teamId: payload.teamId });
    if (!workspace) return unauthorized(res);
    res.status(200).end();
    const lang = workspace.settings.language;
    const answer = async (text: string) => {
      await postToResponseUrl({
        service,
        url: payload.responseUrl,
        body: { response_type: 'ephemeral', replace_original: false, text },
      });
    };
    if (await service.refusal(workspace)) return answer(DISABLED[lang]);
    const user = await linkedUser({ service, workspaceId: workspace.id, slackUserId: payload.userId });
    if (!user)
      return answer(
        SIGN_IN[lang](
          await createSignInLink({ service, workspaceId: workspace.id, slackUserId: payload.userId }),
        ),
      );
    if (user.role === 'viewer')
      return answer(lang === 'ja' ? '問い合わせを変更する権限がありません。' : 'You may not change tickets.');
    if (payload.actionId === 'assign_to_me') {
      const result = await desk.assignToUser({ user, ticketId: payload.value });
      if (result === 'no_agent')
        return answer(
          lang === 'ja'
            ? `${user.email} は担当者として登録されていません。`
            : `${user.email} is not an agent.`,
        );
      return answer(
        result
          ? lang === 'ja'
            ? `#${result.number} をあなたに割り当てました。`
            : `#${result.number} is now assigned to you.`
          : NOT_FOUND[lang],
      );
    }
    if (payload.actionId === 'close_ticket') {
      const result = await desk.close({ user, ticketId: payload.value });
      return answer(
        result
          ? lang === 'ja'
            ? `#${result.number} を完了にしました。`
            : `#${result.number} is closed.`
          : NOT_FOUND[lang],
      );
    }
  });

  router.get('/integrations/slack/oauth/callback', async (req, res) => {
    const { service } = runtime();
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (!state || !code)
      return page(
        res,
        400,
        typeof req.query.error === 'string'
          ? `Slack: ${req.query.error}`
          : 'Slack の認可が完了しませんでした。 / Slack authorisation did not complete.',
      );
    const result = await finishOAuth({ service, secretKey: deps.config.secretKey, state, code });
    if (!result.ok)
      return page(
        res,
        400,
        `Slack に接続できませんでした（${result.error}）。 / Could not connect Slack (${result.error}).`,
      );
    res.redirect(303, `/#/settings/slack?connected=${encodeURIComponent(result.workspace.id)}`);
  });

  const https = isHttps(deps.config);
  const session = authenticate({
    db: deps.db,
    clock: deps.services.clock,
    cookie: { name: sessionCookieName(https), secure: https },
  });

  router.get('/integrations/slack/link/:token', session, async (req, res) => {
    const { service } = runtime();
    const token = String(req.params.token);
    const link = await findSignInLink({ service, token });
    if (!link)
      return page(
        res,
        404,
        'このリンクは使用済みか期限切れです。Slack でもう一度コマンドを入力してください。 / This link was used or has expired; type the command in Slack again.',
      );
    if (!req.auth) {
      const next = encodeURIComponent(req.originalUrl);
      return page(
        res,
        200,
        `Musubi に<a href="/?next=${next}">ログイン</a>してから、このリンクをもう一度開いてください。 / <a href="/?next=${next}">Sign in</a> to Musubi, then open this link again.`,
        true,
      );
    }
    const form = `<form method="post"><input type="hidden" name="csrf" value="${escapeHtml(req.auth.csrfToken ?? '')}">
<p>Slack ユーザー ${escapeHtml(link.slackUserId)} を ${escapeHtml(req.auth.user.email)} として連携します。 / Link Slack user ${escapeHtml(link.slackUserId)} to ${escapeHtml(req.auth.user.email)}.</p>
<button type="submit">連携する / Link</button></form>`;
    page(res, 200, form, true);
  });

  router.post(
    '/integrations/slack/link/:token',
    session,
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req, res) => {
      const { service } = runtime();
      const body: unknown = req.body;
      const csrf = isRecord(body) && typeof body.csrf === 'string' ? body.csrf : '';
      if (!req.auth?.csrfToken || !safeEqual(csrf, req.auth.csrfToken))
        return page(res, 403, 'ログインしてから、もう一度お試しください。 / Sign in and try again.');
      const link = await findSignInLink({ service, token: String(req.params.token) });
      if (!link)
        return page(res, 404, 'このリンクは使用済みか期限切れです。 / This link was used or has expired.');
      await link.update({ usedAt: service.clock.now() });
      await linkUser({
        service,
        workspaceId: link.connectionId,
        slackUserId: link.slackUserId,
        userId: req.auth.user.id,
      });
      page(
        res,
        200,
        '連携しました。Slack に戻ってコマンドを使えます。 / Linked. Go back to Slack and use the command.',
      );
    },
  );

  return router;
}

const plain = (text: string): SlackMessage => ({ text, blocks: [] });

const DISABLED: Record<Language, string> = {
  ja: 'Musubi の Slack 連携は現在無効です。管理者に確認してください。',
  en: 'The Musubi Slack integration is switched off. Ask an administrator.',
};
const WORKING: Record<Language, string> = { ja: '処理しています…', en: 'Working on it…' };
const FAILED: Record<Language, string> = {
  ja: '処理中にエラーが発生しました。しばらくしてからお試しください。',
  en: 'Something went wrong. Please try again later.',
};
const NOT_FOUND: Record<Language, string> = {
  ja: '問い合わせが見つかりません。',
  en: 'The ticket was not found.',
};
const SIGN_IN: Record<Language, (link: string) => string> = {
  ja: (link) =>
    `初回のみ Musubi へのログインが必要です。次のリンクからログインしてください（30 分間・1 回限り有効）: ${link}`,
  en: (link) =>
    `Sign in to Musubi once to use commands. Open this link (valid once, for 30 minutes): ${link}`,
};

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function parsePayload(
  rawBody: Buffer,
): { teamId: string; userId: string; responseUrl: string; actionId: string; value: string } | undefined {
  const text = new URLSearchParams(rawBody.toString('utf8')).get('payload');
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed.team) || !isRecord(parsed.user) || !Array.isArray(parsed.actions))
    return undefined;
  const action: unknown = parsed.actions[0];
  if (!isRecord(action)) return undefined;
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    teamId: str(parsed.team.id),
    userId: str(parsed.user.id),
    responseUrl: str(parsed.response_url),
    actionId: str(action.action_id),
    value: str(action.value),
  };
}

function page(res: Response, status: number, html: string, trustedHtml = false): void {
  const body = trustedHtml ? html : escapeHtml(html);
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>Musubi × Slack</title></head><body><main style="font-family:sans-serif;max-width:40rem;margin:3rem auto">${body}</main></body></html>`,
    );
}

export type { Request };
