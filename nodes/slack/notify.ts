import { Type } from 'typebox';
import { isRecord } from '../../runtime/engine/registry';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import type { NodeResult } from '../../runtime/model/node-definition';
import { configError } from '../common/errors';
import { SUCCESS_FAILURE } from '../common/labels';
import { field } from '../common/schema';

const BRANCHES = [
  'success',
  'failure',
  'integration_disabled',
  'channel_not_found',
  'not_in_channel',
] as const;
type Branch = (typeof BRANCHES)[number];

const LABELS = {
  connectionId: { ja: 'Slack ワークスペース', en: 'Slack workspace' },
  target: { ja: '送信先', en: 'Send to' },
  channel: { ja: 'チャンネル', en: 'Channel' },
  departmentId: { ja: '部門', en: 'Department' },
  text: { ja: 'メッセージ', en: 'Message' },
  blocks: { ja: 'ブロック（Block Kit JSON）', en: 'Blocks (Block Kit JSON)' },
  threadTs: { ja: 'スレッド（親メッセージの ts）', en: 'Thread (ts of the parent message)' },
} satisfies Record<string, Localized>;

/** Errors the Slack side reports for "that workspace will not post": the integration branch. */
const DISABLED = new Set(['integration_disabled', 'workspace_disabled', 'workspace_missing']);

/**
 * Posts a message to a Slack channel: one picked in the node, or the channel the ticket's
 * department maps to in the workspace's settings. Rate limits are waited out by the connector's
 * per-channel queue; a channel that is gone or that the bot was not invited to takes its own branch.
 */
export const slackNotifyNode = defineNode({
  type: 'slack.notify',
  version: 1,
  category: 'slack',
  labels: { ja: 'Slack に通知', en: 'Notify Slack' },
  description: {
    ja: 'Slack のチャンネル（または部門に関連付けたチャンネル）にメッセージを投稿します。',
    en: 'Posts a message to a Slack channel, or to the channel mapped to a department.',
  },
  config: Type.Object(
    {
      connectionId: Type.String({
        minLength: 1,
        maxLength: 100,
        'x-widget': 'connection:slack',
        ...field(LABELS.connectionId, {
          ja: '設定 → Slack で接続したワークスペースです。',
          en: 'A workspace connected under Settings → Slack.',
        }),
      }),
      target: Type.Union([Type.Literal('channel'), Type.Literal('department')], {
        default: 'channel',
        ...field(LABELS.target, {
          ja: '「department」は部門とチャンネルの関連付けに従います。',
          en: '"department" follows the workspace\'s department → channel mapping.',
        }),
      }),
      channel: Type.Optional(
        Type.String({
          maxLength: 200,
          'x-widget': 'slack-channel',
          ...field(LABELS.channel, {
            ja: 'チャンネル ID（C…）か #名前。',
            en: 'A channel id (C…) or #name.',
          }),
        }),
      ),
      departmentId: Type.Optional(
        Type.String({
          maxLength: 100,
          'x-widget': 'template',
          default: '{{ trigger.record.departmentId }}',
          ...field(LABELS.departmentId),
        }),
      ),
      text: Type.String({
        minLength: 1,
        maxLength: 40_000,
        'x-widget': 'textarea',
        ...field(LABELS.text, {
          ja: '差し込み項目（{{ … }}）を使えます。ブロックがあるときは通知の代替テキストになります。',
          en: 'May contain merge fields ({{ … }}). With blocks, it is the notification fallback.',
        }),
      }),
      blocks: Type.Optional(
        Type.String({ maxLength: 100_000, 'x-widget': 'textarea', ...field(LABELS.blocks) }),
      ),
      threadTs: Type.Optional(
        Type.String({ maxLength: 40, 'x-widget': 'template', ...field(LABELS.threadTs) }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: {
    ...SUCCESS_FAILURE,
    integration_disabled: { ja: '連携が無効', en: 'Integration disabled' },
    channel_not_found: { ja: 'チャンネルが見つからない', en: 'Channel not found' },
    not_in_channel: { ja: 'チャンネルに未参加', en: 'Not in channel' },
  },
  sideEffects: true,
  outputs: Type.Object({ channel: Type.String(), ts: Type.String() }),
  run: async (ctx) => {
    const { config } = ctx;
    const slack = ctx.port('slack');
    const args: Record<string, unknown> = { text: config.text };
    if (config.target === 'department') {
      const department = (config.departmentId ?? '').trim();
      if (!department)
        return branchFor('channel_not_found', 'department_empty', {
          ja: '部門が空なので、送信先のチャンネルを決められません。',
          en: 'The department is empty, so there is no channel to post to.',
        });
      args.musubi_department = department;
    } else {
      const channel = (config.channel ?? '').trim();
      if (!channel) throw configError({ ja: 'チャンネルを選んでください。', en: 'Choose a channel.' });
      args.channel = channel;
    }
    const blocks = parseBlocks(config.blocks);
    if (blocks) args.blocks = blocks;
    const threadTs = (config.threadTs ?? '').trim();
    if (threadTs) args.thread_ts = threadTs;

    const answer = await slack.call(config.connectionId, 'chat.postMessage', args);
    if (answer.ok === true) {
      return {
        branch: 'success',
        output: { channel: stringOf(answer.channel) || stringOf(args.channel), ts: stringOf(answer.ts) },
      };
    }
    const error = typeof answer.error === 'string' ? answer.error : 'unknown_error';
    if (DISABLED.has(error)) return branchFor('integration_disabled', error, MESSAGES.disabled);
    if (error === 'channel_not_found') return branchFor('channel_not_found', error, MESSAGES.notFound);
    if (error === 'not_in_channel') return branchFor('not_in_channel', error, MESSAGES.notInChannel);
    return branchFor('failure', error, {
      ja: `Slack がメッセージを受け付けませんでした（${error}）。`,
      en: `Slack did not accept the message (${error}).`,
    });
  },
});

const MESSAGES = {
  disabled: {
    ja: 'この Slack ワークスペース（または Slack 連携全体）は無効か削除されています。',
    en: 'This Slack workspace (or the whole Slack integration) is switched off or deleted.',
  },
  notFound: { ja: 'チャンネルが見つかりません。', en: 'The channel does not exist.' },
  notInChannel: {
    ja: 'ボットがチャンネルに参加していません。チャンネルで /invite してください。',
    en: 'The bot is not in the channel. /invite it there.',
  },
} satisfies Record<string, Localized>;

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '');

function branchFor(branch: Branch, code: string, message: Localized): NodeResult {
  return { branch, output: { error: { code, message } } };
}

/** The blocks JSON, checked: an array of at most 50 objects. */
function parseBlocks(text: string | undefined): unknown[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configError({ ja: 'ブロックが JSON として読めません。', en: 'The blocks are not valid JSON.' });
  }
  const list: unknown = isRecord(parsed) && Array.isArray(parsed.blocks) ? parsed.blocks : parsed;
  if (!Array.isArray(list) || !list.every(isRecord)) {
    throw configError({
      ja: 'ブロックはオブジェクトの配列にしてください。',
      en: 'Blocks must be an array of objects.',
    });
  }
  if (list.length > 50) {
    throw configError({
      ja: `ブロックは 50 個までです（${list.length} 個あります）。`,
      en: `At most 50 blocks are allowed (there are ${list.length}).`,
    });
  }
  return list;
}
