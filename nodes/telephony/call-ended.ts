import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { NEXT } from '../common/labels';
import { field } from '../common/schema';

/**
 * Starts a run when the phone system reports a call that ended (`POST /api/telephony/calls`).
 * The payload is the stored call: id, callId, direction, from, to, startedAt, answered,
 * durationSec, user, recordingUrls, voicemailUrl, connectionId.
 */
export const callEndedTriggerNode = defineNode({
  type: 'trigger.call_ended',
  version: 1,
  category: 'trigger',
  trigger: 'call_ended',
  labels: { ja: '通話終了', en: 'Call ended' },
  description: {
    ja: '電話システムから通話終了の通知が届いたときにワークフローを開始します。',
    en: 'Starts the workflow when the phone system reports that a call ended.',
  },
  config: Type.Object(
    {
      connectionId: Type.Optional(
        Type.String({
          maxLength: 100,
          'x-widget': 'connection:telephony',
          ...field(
            { ja: '電話の連携', en: 'Telephony connection' },
            {
              ja: '空にするとすべての連携の通話で開始します。',
              en: 'Leave empty to start on calls of every connection.',
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
    id: Type.String(),
    callId: Type.String(),
    direction: Type.String(),
    from: Type.String(),
    to: Type.String(),
    startedAt: Type.String(),
    answered: Type.Boolean(),
    durationSec: Type.Number(),
    recordingUrls: Type.Array(Type.String()),
  }),
  run: (ctx) => ({ branch: 'next', output: ctx.trigger }),
});
