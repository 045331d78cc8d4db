import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { field, variableNameSchema } from '../common/schema';
import { NEXT } from '../common/labels';

/**
 * Sets variables. The benchmark node: `run` is synchronous and allocates one object, so the
 * engine's own cost is what a benchmark of a long chain of these measures.
 */
export const setNode = defineNode({
  type: 'logic.set',
  version: 1,
  category: 'logic',
  labels: { ja: '変数を設定', en: 'Set variables' },
  description: {
    ja: '変数に値を入れます。後のノードは {{ vars.名前 }} で読めます。',
    en: 'Puts values into variables that later nodes read as {{ vars.name }}.',
  },
  config: Type.Object(
    {
      assignments: Type.Array(
        Type.Object(
          {
            name: variableNameSchema({ ja: '変数名', en: 'Variable' }),
            value: Type.Union(
              [Type.String({ maxLength: 100_000 }), Type.Number(), Type.Boolean(), Type.Null()],
              {
                'x-widget': 'template',
                ...field(
                  { ja: '値', en: 'Value' },
                  {
                    ja: '{{ … }} だけの値は、数値や一覧などの型のまま入ります。',
                    en: 'A value that is just {{ … }} keeps its type (a number, a list …).',
                  },
                ),
              },
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100, ...field({ ja: '設定する変数', en: 'Assignments' }) },
      ),
    },
    { additionalProperties: false },
  ),
  setsVariables: { field: 'assignments', key: 'name' },
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Record(Type.String(), Type.Unknown()),
  run: (ctx) => {
    const values: Record<string, unknown> = {};
    for (const { name, value } of ctx.config.assignments) values[name] = value;
    return { branch: 'next', output: values, setVars: values };
  },
});
