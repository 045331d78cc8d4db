import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { valueToText } from '../../runtime/engine/conditions';
import { branchNameSchema, field, variableNameSchema } from '../common/schema';
import { configError, firstDuplicate } from '../common/errors';
import { messageKey, unexpectedEvent } from './events';

/** How a typed answer and an option are compared: trimmed, NFKC, case-insensitive. */
function matchKey(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** Shows buttons and follows the branch of the one the visitor picks (or types). */
export const choiceNode = defineNode({
  type: 'bot.choice',
  version: 1,
  category: 'bot',
  waits: true,
  labels: { ja: '選択肢', en: 'Choice' },
  description: {
    ja: '選択肢をボタンで示し、選ばれた（または入力された）選択肢の分岐へ進みます。',
    en: 'Shows options as buttons and follows the branch of the one picked (or typed).',
  },
  config: Type.Object(
    {
      prompt: Type.String({
        minLength: 1,
        maxLength: 5_000,
        'x-widget': 'textarea',
        ...field({ ja: '質問', en: 'Question' }),
      }),
      options: Type.Array(branchNameSchema({ ja: '選択肢', en: 'Option' }), {
        minItems: 1,
        maxItems: 20,
        ...field(
          { ja: '選択肢', en: 'Options' },
          { ja: '20 個まで、各 80 文字まで。', en: 'Up to 20, each up to 80 characters.' },
        ),
      }),
      variable: Type.Optional(
        variableNameSchema({ ja: '選ばれた選択肢を入れる変数', en: 'Save the choice to' }),
      ),
    },
    { additionalProperties: false },
  ),
  dynamicBranches: { field: 'options' },
  setsVariables: { field: 'variable' },
  branches: ['other'],
  branchLabels: { other: { ja: 'その他（どれにも当てはまらない）', en: 'Other (no option matched)' } },
  outputs: Type.Object({ selected: Type.Union([Type.String(), Type.Null()]), text: Type.String() }),
  run: async (ctx) => {
    const { options } = ctx.config;
    const duplicate = firstDuplicate(options, matchKey);
    if (duplicate !== undefined) {
      throw configError({
        ja: `選択肢「${duplicate}」が重複しています（大文字・小文字や全角・半角の違いは同じとみなします）。`,
        en: `The option "${duplicate}" appears twice (case and full-width/half-width differences count as the same).`,
      });
    }
    if (options.includes('other')) {
      throw configError({
        ja: '選択肢に「other」は使えません（「その他」の分岐の名前です）。',
        en: 'An option cannot be named "other": that is the name of the Other branch.',
      });
    }
    await ctx.port('chat').send(ctx.run.id, {
      text: valueToText(ctx.config.prompt),
      choices: [...options],
      nodeId: ctx.node.id,
      key: messageKey(ctx),
    });
    return { branch: 'other', wait: { kind: 'message', state: {} } };
  },
  resume: (ctx) => {
    const { event } = ctx;
    if (event.kind !== 'message') throw unexpectedEvent(event.kind);
    const typed = matchKey(event.text);
    const selected = ctx.config.options.find((option) => matchKey(option) === typed);
    if (selected === undefined) return { branch: 'other', output: { selected: null, text: event.text } };
    const variable = ctx.config.variable;
    return {
      branch: selected,
      output: { selected, text: event.text },
      ...(variable ? { setVars: { [variable]: selected } } : {}),
    };
  },
});
