import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { valueToText } from '../../runtime/engine/conditions';
import { field } from '../common/schema';
import { NEXT } from '../common/labels';
import { messageKey } from './events';

/** Says something to the visitor. A conversation's id is its run id. */
export const messageNode = defineNode({
  type: 'bot.message',
  version: 1,
  category: 'bot',
  labels: { ja: 'メッセージ', en: 'Message' },
  description: {
    ja: '訪問者にメッセージを送ります。{{ vars.name }} のように変数を差し込めます。',
    en: 'Sends the visitor a message. Insert variables such as {{ vars.name }}.',
  },
  config: Type.Object(
    {
      text: Type.String({
        minLength: 1,
        maxLength: 5_000,
        'x-widget': 'textarea',
        ...field({ ja: 'メッセージ', en: 'Message' }),
      }),
    },
    { additionalProperties: false },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({ text: Type.String() }),
  run: async (ctx) => {
    const text = valueToText(ctx.config.text);
    // A template that came out empty says nothing rather than an empty bubble.
    if (text.trim() !== '')
      await ctx.port('chat').send(ctx.run.id, { text, nodeId: ctx.node.id, key: messageKey(ctx) });
    return { branch: 'next', output: { text } };
  },
});
