import { Type } from 'typebox';
import { isRecord } from '../../runtime/engine/registry';
import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';
import type { NodeContext } from '../../runtime/model/node-definition';
import type { SharingOrigin } from '../../runtime/ports/sharing';
import { field, variableNameSchema } from '../common/schema';

/** Where the record comes from: the record the workflow was triggered by, or a variable. */
export const recordSourceFields = {
  recordSource: Type.Optional(
    Type.Union([Type.Literal('trigger'), Type.Literal('variable')], {
      default: 'trigger',
      ...field(
        { ja: '対象レコード', en: 'Record' },
        {
          ja: '「トリガー」: ワークフローを起動したレコード（レコードイベント・ステージ自動化）。「変数」: レコード ID を入れた変数。',
          en: '“Trigger”: the record that started the workflow (record event, stage automation). “Variable”: a variable holding the record id.',
        },
      ),
    }),
  ),
  recordVariable: Type.Optional(
    variableNameSchema({ ja: 'レコード ID の変数', en: 'Variable with the record id' }),
  ),
};

/** The run and node, for "shared by" and the audit trail. */
export function originOf(ctx: NodeContext<unknown>): SharingOrigin {
  return { runId: ctx.run.id, workflowId: ctx.run.workflowId, nodeId: ctx.node.id };
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  if (isRecord(value) && typeof value.id === 'string' && value.id.length > 0) return value.id;
  return undefined;
}

/** The record id from the trigger (`recordId` or `record.id`) or the named variable; fails naming the source. */
export function recordIdOf(
  ctx: NodeContext<{ recordSource?: 'trigger' | 'variable'; recordVariable?: string }>,
): string {
  const { recordSource = 'trigger', recordVariable } = ctx.config;
  let id: string | undefined;
  if (recordSource === 'variable') {
    id = recordVariable ? idOf(ctx.vars[recordVariable]) : undefined;
  } else if (isRecord(ctx.trigger)) {
    id = idOf(ctx.trigger.recordId) ?? idOf(ctx.trigger.record);
  }
  if (id) return id;
  const message: Localized =
    recordSource === 'variable'
      ? {
          ja: `変数「${recordVariable ?? ''}」にレコード ID がありません。`,
          en: `The variable "${recordVariable ?? ''}" holds no record id.`,
        }
      : {
          ja: 'トリガーにレコードがありません。レコードイベントかステージ自動化で起動してください。',
          en: 'The trigger carries no record. Start this workflow from a record event or a stage automation.',
        };
  throw new NodeError({
    code: 'invalid_input',
    retryable: false,
    message,
    details: { field: recordSource === 'variable' ? 'recordVariable' : 'recordSource' },
  });
}

/** A record that does not exist (or is not in a pipeline) is a failure that no retry fixes. */
export function recordNotFound(recordId: string): NodeError {
  return new NodeError({
    code: 'record_not_found',
    retryable: false,
    message: {
      ja: `レコード ${recordId} が見つからないか、パイプラインに属していません。`,
      en: `The record ${recordId} does not exist or is not in a pipeline.`,
    },
  });
}
