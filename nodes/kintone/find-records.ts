import { Type } from 'typebox';
import { isRecord } from '../../runtime/engine/registry';
import { defineNode } from '../../runtime/model/node-definition';
import type { NodeResult } from '../../runtime/model/node-definition';
import { field } from '../common/schema';
import {
  appIdField,
  callKintone,
  KINTONE_BRANCH_LABELS,
  kintoneConnectionField,
  quoteValue,
  refusal,
} from './shared';

const OPERATORS = [
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'like',
  'not like',
  'in',
  'not in',
  'is empty',
  'is not empty',
] as const;
const BRANCHES = ['found', 'not_found', 'failure', 'integration_disabled'] as const;
/** Fetch-all stops here: a run's payload is not a data warehouse. */
export const FETCH_ALL_MAX = 10_000;

/** The records of a records.json answer. */
function recordsOf(body: Record<string, unknown>): unknown[] {
  const records: unknown = body.records;
  return Array.isArray(records) ? records.filter(isRecord) : [];
}

/** One condition as kintone query text. */
export function conditionText(condition: { field: string; operator: string; value?: string }): string {
  const value = condition.value ?? '';
  if (condition.operator === 'is empty' || condition.operator === 'is not empty')
    return `${condition.field} ${condition.operator}`;
  if (condition.operator === 'in' || condition.operator === 'not in') {
    const items = value.split(',').map((item) => quoteValue(item.trim()));
    return `${condition.field} ${condition.operator} (${items.join(', ')})`;
  }
  return `${condition.field} ${condition.operator} ${quoteValue(value)}`;
}

/** Finds records of a kintone app with conditions, an order and a limit (≤ 500), or all of them by seek. */
export const findRecordsNode = defineNode({
  type: 'kintone.find_records',
  version: 1,
  category: 'kintone',
  labels: { ja: 'kintone レコードを検索', en: 'Find kintone records' },
  description: {
    ja: '条件に合う kintone のレコードを取得します。「すべて取得」は $id で順にたどります。',
    en: 'Gets the kintone records that match the conditions. "Fetch all" walks them by $id.',
  },
  config: Type.Object(
    {
      connectionId: kintoneConnectionField(),
      appId: appIdField(),
      conditions: Type.Optional(
        Type.Array(
          Type.Object(
            {
              field: Type.String({
                minLength: 1,
                maxLength: 128,
                ...field({ ja: 'フィールドコード', en: 'Field code' }),
              }),
              operator: Type.Union(
                OPERATORS.map((op) => Type.Literal(op)),
                { default: '=', ...field({ ja: '条件', en: 'Operator' }) },
              ),
              value: Type.Optional(
                Type.String({ maxLength: 1000, 'x-widget': 'template', ...field({ ja: '値', en: 'Value' }) }),
              ),
            },
            { additionalProperties: false },
          ),
          { maxItems: 20, default: [], ...field({ ja: '条件', en: 'Conditions' }) },
        ),
      ),
      match: Type.Optional(
        Type.Union([Type.Literal('and'), Type.Literal('or')], {
          default: 'and',
          ...field({ ja: '条件の結合', en: 'Match' }),
        }),
      ),
      orderBy: Type.Optional(
        Type.String({ maxLength: 128, ...field({ ja: '並べ替えるフィールド', en: 'Order by field' }) }),
      ),
      orderDirection: Type.Optional(
        Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
          default: 'desc',
          ...field({ ja: '順序', en: 'Direction' }),
        }),
      ),
      limit: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 500,
          default: 100,
          ...field({ ja: '件数（500 まで）', en: 'Limit (up to 500)' }),
        }),
      ),
      fetchAll: Type.Optional(
        Type.Boolean({
          default: false,
          ...field(
            { ja: 'すべて取得', en: 'Fetch all' },
            {
              ja: `$id 順に 500 件ずつ、最大 ${FETCH_ALL_MAX} 件まで取得します。`,
              en: `Pages of 500 by $id, up to ${FETCH_ALL_MAX} records.`,
            },
          ),
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: {
    found: { ja: '見つかった', en: 'Found' },
    not_found: { ja: '見つからない', en: 'Not found' },
    ...KINTONE_BRANCH_LABELS,
  },
  outputs: Type.Object({ records: Type.Array(Type.Unknown()), count: Type.Integer() }),
  run: async (ctx): Promise<NodeResult> => {
    const { config } = ctx;
    const where = (config.conditions ?? []).map(conditionText).join(` ${config.match ?? 'and'} `);
    const records: unknown[] = [];
    if (config.fetchAll !== true) {
      const order = config.orderBy ? ` order by ${config.orderBy} ${config.orderDirection ?? 'desc'}` : '';
      const query = `${where}${order} limit ${config.limit ?? 100}`;
      const outcome = await callKintone(ctx, {
        method: 'GET',
        path: '/k/v1/records.json',
        body: { app: config.appId, query },
      });
      if (!outcome.ok) return refusal(outcome.error, BRANCHES);
      records.push(...recordsOf(outcome.body));
    } else {
      let lastId = '0';
      // Seek by $id: offset stops at 10,000, and a page never shifts when records are added.
      while (records.length < FETCH_ALL_MAX) {
        const seek = `$id > ${lastId}`;
        const query = `${where === '' ? seek : `(${where}) and ${seek}`} order by $id asc limit 500`;
        const outcome = await callKintone(ctx, {
          method: 'GET',
          path: '/k/v1/records.json',
          body: { app: config.appId, query },
        });
        if (!outcome.ok) return refusal(outcome.error, BRANCHES);
        const page = recordsOf(outcome.body);
        records.push(...page);
        const last: unknown = page[page.length - 1];
        const id = isRecord(last) && isRecord(last.$id) ? last.$id.value : undefined;
        if (page.length < 500 || typeof id !== 'string') break;
        lastId = id;
      }
    }
    const output = {
      records: records.slice(0, FETCH_ALL_MAX),
      count: Math.min(records.length, FETCH_ALL_MAX),
    };
    return { branch: output.count > 0 ? 'found' : 'not_found', output };
  },
});
