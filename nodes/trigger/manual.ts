import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { field } from '../common/schema';
import { NEXT } from '../common/labels';

/** Starts a run from the editor's Run button, with the sample payload as the event. */
export const manualTriggerNode = defineNode({
  type: 'trigger.manual',
  version: 1,
  category: 'trigger',
  trigger: 'manual',
  labels: { ja: '手動実行', en: 'Manual trigger' },
  description: {
    ja: 'エディターの「実行」ボタンでワークフローを開始します。サンプルの入力データを渡せます。',
    en: 'Starts the workflow from the editor’s Run button, with sample input data.',
  },
  config: Type.Object(
    {
      samplePayload: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          'x-widget': 'json',
          ...field(
            { ja: 'サンプルの入力データ', en: 'Sample payload' },
            {
              ja: 'テンプレートでは {{ trigger.… }} で参照します。',
              en: 'Templates read it as {{ trigger.… }}.',
            },
          ),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Unknown(),
  run: (ctx) => ({ branch: 'next', output: ctx.trigger }),
});
