import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { valueToText } from '../../runtime/engine/conditions';
import { field } from '../common/schema';

/** Ends the whole run here, as succeeded or failed, with a message for the run history. */
export const stopNode = defineNode({
  type: 'logic.stop',
  version: 1,
  category: 'logic',
  labels: { ja: '停止', en: 'Stop' },
  description: {
    ja: '実行をここで終了します。成功か失敗かと、実行履歴に残すメッセージを指定します。',
    en: 'Ends the run here, as succeeded or failed, with a message for the run history.',
  },
  config: Type.Object(
    {
      status: Type.Optional(
        Type.Union([Type.Literal('succeeded'), Type.Literal('failed')], {
          default: 'succeeded',
          ...field({ ja: '終了の状態', en: 'End as' }),
        }),
      ),
      message: Type.Optional(
        Type.String({
          maxLength: 2_000,
          'x-widget': 'template',
          ...field({ ja: 'メッセージ', en: 'Message' }),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  // The run ends at this node: the one branch exists for the engine's contract and is never followed.
  branches: ['stopped'],
  branchLabels: { stopped: { ja: '停止（この先へは進みません）', en: 'Stopped (nothing runs after it)' } },
  outputs: Type.Object({ status: Type.String(), message: Type.Optional(Type.String()) }),
  run: (ctx) => {
    const status = ctx.config.status ?? 'succeeded';
    const message = ctx.config.message === undefined ? undefined : valueToText(ctx.config.message);
    const stop = message ? { status, message } : { status };
    return { branch: 'stopped', output: stop, stop };
  },
});
