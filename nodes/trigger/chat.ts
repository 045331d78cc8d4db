import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { isRecord } from '../../runtime/engine/registry';
import { field } from '../common/schema';
import { NEXT } from '../common/labels';

/** When the chat widget starts a conversation with this bot. */
export const CHAT_START_MODES = ['open', 'first_message'] as const;
export type ChatStartMode = (typeof CHAT_START_MODES)[number];

/** The visitor fields the widget may pass; each may be missing. */
const VISITOR_FIELDS = ['name', 'email', 'phone', 'pageUrl', 'language'] as const;

/**
 * Starts a bot workflow for a website visitor. The server builds the payload
 * ({ visitor: { name, email, phone, pageUrl, language }, firstMessage }) and the
 * node copies the known visitor fields into variables so later blocks need not ask again.
 */
export const chatTriggerNode = defineNode({
  type: 'trigger.chat',
  version: 1,
  category: 'trigger',
  trigger: 'chat',
  labels: { ja: 'チャット開始', en: 'Chat started' },
  description: {
    ja: 'Web サイトの訪問者がチャットを開いたとき（または最初に書き込んだとき）にボットを開始します。',
    en: 'Starts the bot when a website visitor opens the chat (or writes a first message).',
  },
  config: Type.Object(
    {
      startOn: Type.Optional(
        Type.Union([Type.Literal('open'), Type.Literal('first_message')], {
          default: 'open',
          ...field(
            { ja: '開始するとき', en: 'Start when' },
            {
              ja: 'open: チャットを開いたとき。first_message: 訪問者が最初に書き込んだとき。',
              en: 'open: when the visitor opens the chat. first_message: when they first write.',
            },
          ),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({
    visitor: Type.Record(Type.String(), Type.String()),
    firstMessage: Type.Optional(Type.String()),
  }),
  run: (ctx) => {
    const visitor = isRecord(ctx.trigger) && isRecord(ctx.trigger.visitor) ? ctx.trigger.visitor : {};
    const setVars: Record<string, string> = {};
    for (const name of VISITOR_FIELDS) {
      const value = visitor[name];
      if (typeof value === 'string' && value.trim() !== '') setVars[`visitor_${name}`] = value;
    }
    return { branch: 'next', output: ctx.trigger, setVars };
  },
});
