import { Type, type Static } from 'typebox';
import {
  conditionGroupField,
  evaluateConditions,
  type ConditionGroup,
  type RenderedConditionGroup,
} from '../../runtime/engine/conditions';
import { renderValue, type TemplateScope } from '../../runtime/engine/templates';
import { defineNode } from '../../runtime/model/node-definition';
import { RECORD_MODULES, type RecordModule } from '../../runtime/ports/crm';
import { NEXT } from '../common/labels';
import { field } from '../common/schema';

export const RECORD_EVENT_KINDS = [
  'created',
  'updated',
  'deleted',
  'stage_entered',
  'stage_left',
  'field_changed',
] as const;
export type RecordEventKind = (typeof RECORD_EVENT_KINDS)[number];

/** How a record changed: what the server sends for every create, update, move and delete. */
export type RecordChange = 'created' | 'updated' | 'deleted';

/**
 * The trigger's payload (and so `{{ trigger.… }}` in the workflow). `eventDepth` counts how many
 * record events led here: a workflow's own changes raise events one level deeper, and the server
 * stops dispatching past a limit so a workflow editing its own record cannot loop.
 */
export interface RecordEventPayload {
  change: RecordChange;
  module: RecordModule;
  recordId: string;
  /** The record after the change (before it, for a delete). */
  record: Record<string, unknown>;
  /** The record before the change (updates and deletes). */
  previous?: Record<string, unknown>;
  /** Field names whose value changed (updates). */
  changedFields: string[];
  pipelineId?: string;
  /** Set when the record entered a stage (a move, or created in a stage). */
  toStageId?: string;
  /** Set when the record left a stage (a move, or deleted from a stage). */
  fromStageId?: string;
  /** `api` / `ui` / `workflow` / `automation` / `sample`: where the change came from. */
  source: string;
  actor: { userId?: string; label: string };
  eventDepth: number;
  occurredAt: string;
}

const moduleLabels: Record<RecordModule, string> = {
  leads: '見込み客 / leads',
  contacts: '連絡先 / contacts',
  companies: '会社 / companies',
  deals: '商談 / deals',
  tickets: 'チケット / tickets',
  tasks: 'ToDo / to-dos',
  calls: '通話 / calls',
  mailing_lists: '配信リスト / mailing lists',
};

const configSchema = Type.Object(
  {
    module: Type.Union(
      RECORD_MODULES.map((module) => Type.Literal(module, { title: moduleLabels[module] })),
      { default: 'deals', ...field({ ja: 'モジュール', en: 'Module' }) },
    ),
    event: Type.Union(
      [
        Type.Literal('created', { title: '作成 / created' }),
        Type.Literal('updated', { title: '更新 / updated' }),
        Type.Literal('deleted', { title: '削除 / deleted' }),
        Type.Literal('stage_entered', { title: 'ステージに入った / entered a stage' }),
        Type.Literal('stage_left', { title: 'ステージを出た / left a stage' }),
        Type.Literal('field_changed', { title: '項目が変わった / a field changed' }),
      ],
      { default: 'created', ...field({ ja: 'イベント', en: 'Event' }) },
    ),
    pipelineId: Type.Optional(
      Type.String({
        maxLength: 100,
        'x-widget': 'pipeline',
        ...field(
          { ja: 'パイプライン', en: 'Pipeline' },
          { ja: '商談・チケットのみ。空ならすべて。', en: 'Deals and tickets only. Empty: any.' },
        ),
      }),
    ),
    stageId: Type.Optional(
      Type.String({
        maxLength: 100,
        'x-widget': 'stage',
        ...field(
          { ja: 'ステージ', en: 'Stage' },
          {
            ja: '「ステージに入った／出た」で使います。空ならどのステージでも。',
            en: 'For “entered / left a stage”. Empty: any stage.',
          },
        ),
      }),
    ),
    fields: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 50,
        ...field(
          { ja: '対象の項目', en: 'Fields' },
          {
            ja: '「項目が変わった」で見る項目名（例: amount、stageId、カスタム項目は customFields.キー）。空ならどれでも。',
            en: 'For “a field changed”: the field names to watch (e.g. amount, stageId, customFields.<key> for a custom field). Empty: any.',
          },
        ),
      }),
    ),
    criteria: Type.Optional(conditionGroupField({ ja: '条件（任意）', en: 'Criteria (optional)' })),
  },
  { additionalProperties: false },
);

export type RecordEventConfig = Static<typeof configSchema>;

/**
 * Starts the workflow when a built-in record is created, updated, deleted, or moved between
 * stages — whether the change came from the API, the records screens or another workflow.
 */
export const recordEventTriggerNode = defineNode({
  type: 'trigger.record_event',
  version: 1,
  category: 'trigger',
  trigger: 'record_event',
  labels: { ja: 'レコードのイベント', en: 'Record event' },
  description: {
    ja: 'CRM のレコードが作成・更新・削除されたとき、ステージが変わったときにワークフローを開始します。',
    en: 'Starts the workflow when a CRM record is created, updated, deleted or changes stage.',
  },
  config: configSchema,
  branches: ['next'],
  branchLabels: NEXT,
  outputs: Type.Object({
    change: Type.String(),
    module: Type.String(),
    recordId: Type.String(),
    record: Type.Record(Type.String(), Type.Unknown()),
    previous: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    changedFields: Type.Array(Type.String()),
    pipelineId: Type.Optional(Type.String()),
    toStageId: Type.Optional(Type.String()),
    fromStageId: Type.Optional(Type.String()),
    source: Type.String(),
    eventDepth: Type.Integer(),
  }),
  run: (ctx) => ({ branch: 'next', output: ctx.trigger }),
});

/** Whether a trigger with this config starts for this change (module, event kind, pipeline, stage, fields). */
export function recordEventMatches(options: {
  config: RecordEventConfig;
  payload: RecordEventPayload;
}): boolean {
  const { config, payload } = options;
  if (config.module !== payload.module) return false;
  if (config.pipelineId && config.pipelineId !== payload.pipelineId) return false;
  if (!kindMatches(config, payload)) return false;
  if (!config.criteria || config.criteria.rules.length === 0) return true;
  const scope: TemplateScope = { trigger: payload, vars: {}, nodes: {} };
  return evaluateConditions(renderGroup(config.criteria, scope));
}

function kindMatches(config: RecordEventConfig, payload: RecordEventPayload): boolean {
  const stageId = config.stageId || undefined;
  switch (config.event) {
    case 'created':
    case 'deleted':
      return payload.change === config.event;
    case 'updated':
      return payload.change === 'updated';
    case 'field_changed': {
      if (payload.change !== 'updated' || payload.changedFields.length === 0) return false;
      const watched = config.fields ?? [];
      return watched.length === 0 || watched.some((name) => payload.changedFields.includes(name));
    }
    case 'stage_entered':
      return payload.toStageId !== undefined && (stageId === undefined || stageId === payload.toStageId);
    case 'stage_left':
      return payload.fromStageId !== undefined && (stageId === undefined || stageId === payload.fromStageId);
  }
}

type Rule = ConditionGroup['rules'][number];

function renderGroup(
  group: { combinator: 'all' | 'any'; rules: readonly Rule[] },
  scope: TemplateScope,
): RenderedConditionGroup {
  return {
    combinator: group.combinator,
    rules: group.rules.map((rule) =>
      'combinator' in rule
        ? renderGroup(rule, scope)
        : {
            operator: rule.operator,
            left: renderValue(rule.left, scope),
            ...(rule.right === undefined ? {} : { right: renderValue(rule.right, scope) }),
            ...(rule.caseSensitive === undefined ? {} : { caseSensitive: rule.caseSensitive }),
          },
    ),
  };
}
