import { Type } from 'typebox';
import { defineNode, type NodeResult } from '../../runtime/model/node-definition';
import { valueToText } from '../../runtime/engine/conditions';
import { field } from '../common/schema';
import { messageKey, unexpectedEvent } from './events';

function ended(): NodeResult {
  return { branch: 'ended', stop: { status: 'succeeded' } };
}

/**
 * Ends the conversation, at once or after a grace period in which a visitor who writes again
 * keeps the chat going.
 */
export const endChatNode = defineNode({
  type: 'bot.end_chat',
  version: 1,
  category: 'bot',
  waits: true,
  labels: { ja: 'チャットを終了', en: 'End chat' },
  description: {
    ja: '会話を終えます。待ち時間を指定すると、その間に訪問者が書き込めば会話を続けます。',
    en: 'Ends the conversation. With a delay, a visitor who writes in the meantime keeps it going.',
  },
  config: Type.Object(
    {
      message: Type.Optional(
        Type.String({
          maxLength: 5_000,
          'x-widget': 'textarea',
          ...field({ ja: '最後のメッセージ', en: 'Closing message' }),
        }),
      ),
      delaySeconds: Type.Optional(
        Type.Union([Type.Literal(0), Type.Integer({ minimum: 30, maximum: 10_800 })], {
          default: 0,
          ...field(
            { ja: '終了までの待ち時間（秒）', en: 'Delay before ending (seconds)' },
            { ja: '0（すぐ終了）か、30〜10800 秒。', en: '0 (end now), or 30 to 10,800 seconds.' },
          ),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['ended', 'visitor_wrote'],
  branchLabels: {
    ended: { ja: '終了（この先へは進みません）', en: 'Ended (nothing runs after it)' },
    visitor_wrote: { ja: '待ち時間中に訪問者が書き込んだ', en: 'Visitor wrote during the delay' },
  },
  outputs: Type.Object({ text: Type.Optional(Type.String()) }),
  run: async (ctx) => {
    const message = ctx.config.message === undefined ? '' : valueToText(ctx.config.message);
    if (message.trim() !== '')
      await ctx.port('chat').send(ctx.run.id, { text: message, nodeId: ctx.node.id, key: messageKey(ctx) });
    const delaySeconds = ctx.config.delaySeconds ?? 0;
    if (delaySeconds <= 0) return ended();
    return {
      branch: 'ended',
      wait: { kind: 'message', timeoutAt: ctx.ports.clock.now() + delaySeconds * 1000, state: {} },
    };
  },
  resume: (ctx) => {
    const { event } = ctx;
    if (event.kind === 'timeout') return ended();
    if (event.kind !== 'message') throw unexpectedEvent(event.kind);
    return { branch: 'visitor_wrote', output: { text: event.text } };
  },
});
