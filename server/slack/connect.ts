import { randomBytes } from 'node:crypto';
import type { Language } from '../../runtime/model/localized';
import { sha256 } from '../auth/secrets';
import { openSecret, sealSecret } from '../crypto/secret-box';
import { isRecord } from '../../runtime/engine/registry';
import type { SlackService } from './service';
import { listMapping, saveMapping } from './mapping';
import { DEFAULT_TOGGLES, readSettings } from './settings';
import type { SlackCredentials } from './settings';
import type { SlackWorkspace } from './workspaces';

/** Slack's "Add to Slack" page; tests point it elsewhere with SLACK_OAUTH_URL. */
export const DEFAULT_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
export const BOT_SCOPES = [
  'chat:write',
  'commands',
  'channels:read',
  'groups:read',
  'im:write',
  'users:read',
  'users:read.email',
  // The "Post to" picker on Slack's permission page (DMs and private channels listed too).
  'incoming-webhook',
];
const STATE_LIFETIME_MS = 10 * 60 * 1000;

export type ConnectResult = { ok: true; workspace: SlackWorkspace } | { ok: false; error: string };

/** Where Slack sends the browser back after "Allow". */
export function oauthRedirectUri(service: SlackService): string {
  return `${service.publicUrl}/integrations/slack/oauth/callback`;
}

/** Connects (or re-connects) a workspace from a pasted bot token; `auth.test` proves the token. */
export async function connectWithToken(options: {
  service: SlackService;
  botToken: string;
  signingSecret: string;
  language: Language;
  userId: string;
  workspaceId?: string;
  extra?: Pick<SlackCredentials, 'clientId' | 'clientSecret'>;
  connectedBy?: 'oauth' | 'token';
}): Promise<ConnectResult> {
  const { service } = options;
  const answer = await service.api.call({ token: options.botToken, method: 'auth.test', args: {} });
  if (answer.kind !== 'ok') return { ok: false, error: answer.kind === 'error' ? answer.error : answer.kind };
  const teamId = typeof answer.body.team_id === 'string' ? answer.body.team_id : '';
  const sameTeam = options.workspaceId ? undefined : (await service.workspaces.findByTeam(teamId))[0];
  const existingId = options.workspaceId ?? sameTeam?.id;
  const existing = existingId ? await service.workspaces.get(existingId) : undefined;
  if (options.workspaceId && existing && existing.settings.teamId !== teamId) {
    return { ok: false, error: 'team_mismatch' };
  }
  const base = existing?.settings ?? readSettings({ toggles: DEFAULT_TOGGLES });
  const workspace = await service.workspaces.save({
    ...(existingId ? { id: existingId } : {}),
    settings: {
      ...base,
      teamId,
      teamName: typeof answer.body.team === 'string' ? answer.body.team : teamId,
      botUserId: typeof answer.body.user_id === 'string' ? answer.body.user_id : '',
      language: existing ? base.language : options.language,
      connectedBy: options.connectedBy ?? 'token',
      lastError: null,
    },
    credentials: { botToken: options.botToken, signingSecret: options.signingSecret, ...options.extra },
    createdBy: options.userId,
  });
  // The admin who connects can use commands at once, without the sign-in link.
  const installer =
    isRecord(answer.body) && typeof answer.body.authed_user_id === 'string'
      ? answer.body.authed_user_id
      : undefined;
  if (installer)
    await linkUser({ service, workspaceId: workspace.id, slackUserId: installer, userId: options.userId });
  return { ok: true, workspace };
}

/** Records that a Slack user acts as a Musubi user in this workspace. */
export async function linkUser(options: {
  service: SlackService;
  workspaceId: string;
  slackUserId: string;
  userId: string;
}): Promise<void> {
  const { SlackUserLink } = options.service.db.models;
  const existing = await SlackUserLink.findOne({
    where: { connectionId: options.workspaceId, slackUserId: options.slackUserId },
  });
  if (existing) {
    await existing.update({ userId: options.userId });
    return;
  }
  await SlackUserLink.create({
    id: randomBytes(16).toString('hex'),
    connectionId: options.workspaceId,
    slackUserId: options.slackUserId,
    userId: options.userId,
  });
}

/**
 * Starts "Add to Slack" (or "Regenerate token" when `workspaceId` is given): keeps the app's
 * credentials under a one-time state and returns the authorize URL to send the browser to.
 */
export async function startOAuth(options: {
  service: SlackService;
  secretKey: Buffer;
  userId: string;
  clientId: string;
  clientSecret: string;
  signingSecret: string;
  language: Language;
  workspaceId?: string;
}): Promise<{ url: string }> {
  const { service } = options;
  const state = randomBytes(24).toString('base64url');
  const stateHash = sha256(state);
  const appCredentials = sealSecret({
    key: options.secretKey,
    plaintext: JSON.stringify({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      signingSecret: options.signingSecret,
      language: options.language,
    }),
    aad: `slack-oauth:${stateHash}`,
  });
  const now = service.clock.now();
  await service.db.models.SlackOAuthState.create({
    stateHash,
    connectionId: options.workspaceId ?? null,
    userId: options.userId,
    appCredentials,
    expiresAt: now + STATE_LIFETIME_MS,
    createdAt: now,
  });
  const url = new URL(process.env.SLACK_OAUTH_URL ?? DEFAULT_AUTHORIZE_URL);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('scope', BOT_SCOPES.join(','));
  url.searchParams.set('redirect_uri', oauthRedirectUri(service));
  url.searchParams.set('state', state);
  return { url: url.toString() };
}

/** The callback: checks the state (once, unexpired), exchanges the code, saves the workspace. */
export async function finishOAuth(options: {
  service: SlackService;
  secretKey: Buffer;
  state: string;
  code: string;
}): Promise<ConnectResult> {
  const { service } = options;
  const stateHash = sha256(options.state);
  const row = await service.db.models.SlackOAuthState.findByPk(stateHash);
  if (!row) return { ok: false, error: 'invalid_state' };
  await row.destroy();
  if (row.expiresAt < service.clock.now()) return { ok: false, error: 'expired_state' };
  const app: unknown = JSON.parse(
    openSecret({ key: options.secretKey, sealed: row.appCredentials, aad: `slack-oauth:${stateHash}` }),
  );
  if (
    !isRecord(app) ||
    typeof app.clientId !== 'string' ||
    typeof app.clientSecret !== 'string' ||
    typeof app.signingSecret !== 'string'
  ) {
    return { ok: false, error: 'invalid_state' };
  }
  const answer = await service.api.call({
    method: 'oauth.v2.access',
    args: {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: options.code,
      redirect_uri: oauthRedirectUri(service),
    },
  });
  if (answer.kind !== 'ok') return { ok: false, error: answer.kind === 'error' ? answer.error : answer.kind };
  const token = answer.body.access_token;
  if (typeof token !== 'string') return { ok: false, error: 'no_token' };
  const result = await connectWithToken({
    service,
    botToken: token,
    signingSecret: app.signingSecret,
    language: app.language === 'en' ? 'en' : 'ja',
    userId: row.userId,
    ...(row.connectionId ? { workspaceId: row.connectionId } : {}),
    extra: { clientId: app.clientId, clientSecret: app.clientSecret },
    connectedBy: 'oauth',
  });
  const installer = isRecord(answer.body.authed_user) ? answer.body.authed_user.id : undefined;
  if (result.ok && typeof installer === 'string') {
    await linkUser({ service, workspaceId: result.workspace.id, slackUserId: installer, userId: row.userId });
  }
  if (result.ok) return { ok: true, workspace: await mapPostTo(service, result.workspace, answer.body) };
  return result;
}

/**
 * The channel picked under "Post to" on Slack's permission page becomes the workspace's channel
 * for all departments, unless the workspace already has a mapping (a regenerated token keeps it).
 */
async function mapPostTo(
  service: SlackService,
  workspace: SlackWorkspace,
  body: Record<string, unknown>,
): Promise<SlackWorkspace> {
  const hook = isRecord(body.incoming_webhook) ? body.incoming_webhook : undefined;
  const channelId = typeof hook?.channel_id === 'string' ? hook.channel_id : '';
  if (!channelId) return workspace;
  if ((await listMapping({ db: service.db, workspaceId: workspace.id })).length > 0) return workspace;
  const channelName = typeof hook?.channel === 'string' ? hook.channel.replace(/^#/, '') : channelId;
  await saveMapping({
    db: service.db,
    workspaceId: workspace.id,
    mode: 'all',
    entries: [{ departmentId: '*', channelId, channelName }],
  });
  return (await service.workspaces.updateSettings(workspace.id, { mappingMode: 'all' })) ?? workspace;
}

/** Every channel the bot can see, following `next_cursor` (at most `maxPages` pages). */
export async function listChannels(options: {
  service: SlackService;
  workspaceId: string;
  maxPages?: number;
}): Promise<
  | { ok: true; channels: Array<{ id: string; name: string; isPrivate: boolean; isMember: boolean }> }
  | { ok: false; error: string }
> {
  const channels: Array<{ id: string; name: string; isPrivate: boolean; isMember: boolean }> = [];
  let cursor = '';
  let waits = 0;
  for (let page = 0; page < (options.maxPages ?? 50); page += 1) {
    const answer = await options.service.callAsBot(options.workspaceId, 'conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: 'true',
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    if (answer.kind === 'rate_limited' && waits < 5) {
      // conversations.list is Tier 2: wait as told and ask for the same page again, a few times.
      waits += 1;
      await options.service.clock.sleep(answer.retryAfterMs);
      page -= 1;
      continue;
    }
    if (answer.kind !== 'ok')
      return { ok: false, error: answer.kind === 'error' ? answer.error : answer.kind };
    const list = Array.isArray(answer.body.channels) ? answer.body.channels : [];
    for (const item of list) {
      if (!isRecord(item) || typeof item.id !== 'string' || typeof item.name !== 'string') continue;
      channels.push({
        id: item.id,
        name: item.name,
        isPrivate: item.is_private === true,
        isMember: item.is_member === true,
      });
    }
    const meta = isRecord(answer.body.response_metadata) ? answer.body.response_metadata : {};
    cursor = typeof meta.next_cursor === 'string' ? meta.next_cursor : '';
    if (!cursor) break;
  }
  return { ok: true, channels };
}
