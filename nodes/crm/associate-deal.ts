import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import type { DealInput } from '../../runtime/ports/crm';
import { field, variableNameSchema } from '../common/schema';
import {
  INTEGRATION_BRANCH_LABELS,
  connectedPort,
  connectionField,
  optionalDate,
  optionalNumber,
  originOf,
  refusalResult,
  requiredText,
  templateField,
  textOf,
  variablesFor,
} from './shared';

const BRANCHES = ['success', 'failure', 'integration_disabled'] as const;

const LABELS = {
  dealName: { ja: '商談名', en: 'Deal name' },
  pipelineId: { ja: 'パイプライン', en: 'Pipeline' },
  stageId: { ja: 'ステージ', en: 'Stage' },
  closingDate: { ja: '完了予定日', en: 'Closing date' },
  amount: { ja: '金額', en: 'Amount' },
  contactId: { ja: '連絡先 ID', en: 'Contact id' },
  owner: { ja: '担当者', en: 'Owner' },
} satisfies Record<string, Localized>;

/**
 * Creates a deal in a pipeline stage, linked to a contact, and keeps the deal id in a variable.
 * Inputs are checked at run time: an amount that is not a number fails naming `amount`.
 */
export const associateDealNode = defineNode({
  type: 'crm.associate_deal',
  version: 1,
  category: 'crm',
  labels: { ja: '商談を関連付ける', en: 'Associate deal' },
  description: {
    ja: '訪問者に関連する商談を作成し、商談 ID を変数に保存します。',
    en: 'Creates a deal for the visitor and keeps the deal id in a variable.',
  },
  config: Type.Object(
    {
      connectionId: connectionField('crm'),
      dealName: Type.String({ maxLength: 200, 'x-widget': 'template', ...field(LABELS.dealName) }),
      pipelineId: Type.String({
        minLength: 1,
        maxLength: 100,
        'x-widget': 'pipeline:deals',
        ...field(LABELS.pipelineId),
      }),
      stageId: Type.String({
        minLength: 1,
        maxLength: 100,
        'x-widget': 'stage',
        ...field(LABELS.stageId, {
          ja: '選んだパイプラインのステージから選びます。',
          en: 'One of the stages of the pipeline above.',
        }),
      }),
      closingDate: Type.Optional(
        templateField({
          label: LABELS.closingDate,
          maxLength: 100,
          help: { ja: '例: 2026-04-30', en: 'E.g. 2026-04-30' },
        }),
      ),
      amount: Type.Optional(templateField({ label: LABELS.amount, maxLength: 100 })),
      contactId: Type.Optional(
        Type.String({
          maxLength: 200,
          default: '{{ vars.contact_id }}',
          'x-widget': 'template',
          ...field(LABELS.contactId, {
            ja: '「連絡先を関連付ける」で保存した変数など。',
            en: 'E.g. the variable an “Associate contact” node set.',
          }),
        }),
      ),
      owner: Type.Optional(templateField({ label: LABELS.owner, maxLength: 320 })),
      idVariable: Type.Optional({
        ...variableNameSchema({ ja: '商談 ID を保存する変数', en: 'Variable for the deal id' }),
        default: 'deal_id',
      }),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: INTEGRATION_BRANCH_LABELS,
  setsVariables: { field: 'idVariable' },
  sideEffects: true,
  outputs: Type.Object({ dealId: Type.String() }),
  run: async (ctx) => {
    const connected = await connectedPort(ctx, 'crm');
    if ('result' in connected) return connected.result;
    const { config } = ctx;
    const values: DealInput = {
      name: requiredText(config.dealName, { field: 'dealName', label: LABELS.dealName }),
      pipelineId: requiredText(config.pipelineId, { field: 'pipelineId', label: LABELS.pipelineId }),
      stageId: requiredText(config.stageId, { field: 'stageId', label: LABELS.stageId }),
    };
    const closingDate = optionalDate(config.closingDate, { field: 'closingDate', label: LABELS.closingDate });
    if (closingDate !== undefined) values.closingDate = closingDate;
    const amount = optionalNumber(config.amount, { field: 'amount', label: LABELS.amount });
    if (amount !== undefined) values.amount = amount;
    const contactId = textOf(config.contactId);
    if (contactId) values.contactId = contactId;
    const owner = textOf(config.owner);
    if (owner) values.owner = owner;

    const outcome = await connected.port.createDeal({
      connectionId: config.connectionId,
      values,
      origin: originOf(ctx),
    });
    if (!outcome.ok) return refusalResult(outcome, BRANCHES);
    return {
      branch: 'success',
      output: { dealId: outcome.id },
      setVars: variablesFor([[config.idVariable ?? 'deal_id', outcome.id]]),
    };
  },
});
