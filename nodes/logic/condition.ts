import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { conditionGroupField, evaluateConditions } from '../../runtime/engine/conditions';

/** Two ways on: `true` when the rules hold, `false` otherwise. */
export const conditionNode = defineNode({
  type: 'logic.condition',
  version: 1,
  category: 'logic',
  labels: { ja: '条件分岐', en: 'Condition' },
  description: {
    ja: '条件を満たすかどうかで「はい」と「いいえ」に分かれます。',
    en: 'Goes one way when the rules hold and the other way when they do not.',
  },
  config: Type.Object(
    {
      conditions: conditionGroupField({ ja: '条件', en: 'Conditions' }),
    },
    { additionalProperties: false },
  ),
  branches: ['true', 'false'],
  branchLabels: {
    true: { ja: 'はい（条件を満たす）', en: 'True' },
    false: { ja: 'いいえ（満たさない）', en: 'False' },
  },
  outputs: Type.Object({ result: Type.Boolean() }),
  run: (ctx) => {
    const result = evaluateConditions(ctx.config.conditions);
    return { branch: result ? 'true' : 'false', output: { result } };
  },
});
