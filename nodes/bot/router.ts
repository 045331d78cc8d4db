import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { conditionGroupField, evaluateConditions } from '../../runtime/engine/conditions';
import { branchNameSchema, field } from '../common/schema';
import { configError, firstDuplicate } from '../common/errors';

/** Ordered rules over variables: the first rule that holds names the branch. */
export const routerNode = defineNode({
  type: 'bot.router',
  version: 1,
  category: 'bot',
  labels: { ja: 'ルーター', en: 'Router' },
  description: {
    ja: 'ルールを上から順に調べ、最初に当てはまったルールの分岐へ進みます。',
    en: 'Checks the rules from the top and follows the first one that holds.',
  },
  config: Type.Object(
    {
      rules: Type.Array(
        Type.Object(
          {
            name: branchNameSchema({ ja: 'ルール名', en: 'Rule name' }),
            conditions: conditionGroupField({ ja: '条件', en: 'Conditions' }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 50, ...field({ ja: 'ルール', en: 'Rules' }) },
      ),
    },
    { additionalProperties: false },
  ),
  dynamicBranches: { field: 'rules', key: 'name' },
  branches: ['not_matched'],
  branchLabels: { not_matched: { ja: 'どれにも当てはまらない', en: 'No rule matched' } },
  outputs: Type.Object({ matchedRule: Type.Union([Type.String(), Type.Null()]) }),
  run: (ctx) => {
    const { rules } = ctx.config;
    const duplicate = firstDuplicate(rules, (rule) => rule.name);
    const clash = duplicate?.name ?? rules.find((rule) => rule.name === 'not_matched')?.name;
    if (clash !== undefined) {
      throw configError({
        ja: `ルール名「${clash}」が重複しています（「not_matched」は「どれにも当てはまらない」の分岐に使われています）。`,
        en: `The rule name "${clash}" is used twice ("not_matched" is taken by the No rule matched branch).`,
      });
    }
    const matched = rules.find((rule) => evaluateConditions(rule.conditions));
    return matched
      ? { branch: matched.name, output: { matchedRule: matched.name } }
      : { branch: 'not_matched', output: { matchedRule: null } };
  },
});
