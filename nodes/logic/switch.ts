import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { ConditionOperatorSchema, evaluateRule } from '../../runtime/engine/conditions';
import { branchNameSchema, field } from '../common/schema';
import { configError, firstDuplicate } from '../common/errors';

/** One value, several cases: the first case that matches names the branch. */
export const switchNode = defineNode({
  type: 'logic.switch',
  version: 1,
  category: 'logic',
  labels: { ja: 'スイッチ', en: 'Switch' },
  description: {
    ja: '値を順にケースと比べ、最初に一致したケースの分岐に進みます。どれにも一致しなければ「その他」へ。',
    en: 'Compares a value with each case in turn and follows the first that matches, else Default.',
  },
  config: Type.Object(
    {
      value: Type.String({
        maxLength: 10_000,
        'x-widget': 'template',
        ...field({ ja: '比べる値', en: 'Value' }, { ja: '例: {{ vars.plan }}', en: 'e.g. {{ vars.plan }}' }),
      }),
      cases: Type.Array(
        Type.Object(
          {
            name: branchNameSchema({ ja: 'ケース名', en: 'Case name' }),
            operator: ConditionOperatorSchema,
            value: Type.Optional(
              Type.String({
                maxLength: 10_000,
                'x-widget': 'template',
                ...field({ ja: '比較する値', en: 'Compare with' }),
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 50, ...field({ ja: 'ケース', en: 'Cases' }) },
      ),
      caseSensitive: Type.Optional(
        Type.Boolean(field({ ja: '大文字と小文字を区別する', en: 'Case sensitive' })),
      ),
    },
    { additionalProperties: false },
  ),
  dynamicBranches: { field: 'cases', key: 'name' },
  branches: ['default'],
  branchLabels: { default: { ja: 'その他（一致なし）', en: 'Default (no match)' } },
  outputs: Type.Object({ matchedCase: Type.Union([Type.String(), Type.Null()]), value: Type.Unknown() }),
  run: (ctx) => {
    const { value, cases, caseSensitive } = ctx.config;
    const duplicate = firstDuplicate(cases, (item) => item.name);
    if (duplicate || cases.some((item) => item.name === 'default')) {
      const name = duplicate?.name ?? 'default';
      throw configError({
        ja: `ケース名「${name}」が重複しています（「default」は「その他」の分岐に使われています）。別の名前にしてください。`,
        en: `The case name "${name}" is used twice ("default" is taken by the Default branch). Rename it.`,
      });
    }
    for (const item of cases) {
      if (evaluateRule({ left: value, operator: item.operator, right: item.value, caseSensitive })) {
        return { branch: item.name, output: { matchedCase: item.name, value } };
      }
    }
    return { branch: 'default', output: { matchedCase: null, value } };
  },
});
