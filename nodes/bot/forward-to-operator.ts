import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { valueToText } from '../../runtime/engine/conditions';
import { field } from '../common/schema';
import { messageKey } from './events';

/**
 * Hands the conversation to a person: an available agent of the department gets it in the inbox
 * (`forwarded`); when nobody is free the bot keeps the visitor (`no_operator_available`).
 */
export const forwardToOperatorNode = defineNode({
  type: 'bot.forward_to_operator',
  version: 1,
  category: 'bot',
  labels: { ja: 'オペレーターに転送', en: 'Forward to operator' },
  description: {
    ja: '部署の対応可能な担当者に会話を引き継ぎます。誰も対応できないときは別の分岐へ進みます。',
    en: 'Hands the chat to an available agent of a department; another branch when nobody is free.',
  },
  config: Type.Object(
    {
      department: Type.String({
        minLength: 1,
        maxLength: 200,
        'x-widget': 'template',
        ...field(
          { ja: '部署', en: 'Department' },
          {
            ja: '部署の ID。{{ vars.department }} のように変数からも指定できます。',
            en: 'The department id, or a variable such as {{ vars.department }}.',
          },
        ),
      }),
      agents: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 320 }), {
          maxItems: 50,
          ...field(
            { ja: '担当者（任意）', en: 'Agents (optional)' },
            {
              ja: '担当者の ID かメールアドレス。空なら部署の全員が対象です。',
              en: 'Agent ids or e-mail addresses. Empty: every agent of the department.',
            },
          ),
        }),
      ),
      message: Type.Optional(
        Type.String({
          maxLength: 2_000,
          'x-widget': 'textarea',
          ...field({ ja: '転送するときのメッセージ', en: 'Message when forwarding' }),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['forwarded', 'no_operator_available'],
  branchLabels: {
    forwarded: { ja: '転送した', en: 'Forwarded' },
    no_operator_available: { ja: '対応できる担当者がいない', en: 'No operator available' },
  },
  outputs: Type.Object({
    agentId: Type.Union([Type.String(), Type.Null()]),
    agentName: Type.Union([Type.String(), Type.Null()]),
    departmentId: Type.String(),
  }),
  run: async (ctx) => {
    const departmentId = valueToText(ctx.config.department).trim();
    const assignment = await ctx.port('operators').forward({
      conversationId: ctx.run.id,
      departmentId,
      agents: ctx.config.agents ?? [],
      key: ctx.run.stepKey,
    });
    if (assignment.status !== 'forwarded') {
      return { branch: 'no_operator_available', output: { agentId: null, agentName: null, departmentId } };
    }
    const message = ctx.config.message === undefined ? '' : valueToText(ctx.config.message);
    if (message.trim() !== '')
      await ctx.port('chat').send(ctx.run.id, { text: message, nodeId: ctx.node.id, key: messageKey(ctx) });
    const { agentId, agentName } = assignment;
    return { branch: 'forwarded', output: { agentId, agentName, departmentId } };
  },
});
