import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { PERSON_BRANCHES, PERSON_BRANCH_LABELS, personFields, runPersonNode } from './person';
import { templateField } from './shared';

/**
 * Registers the visitor as a lead (name, company, e-mail, phone, source, owner) and keeps the lead
 * id in a variable. A lead with the same e-mail, else the same phone, is a duplicate: see onDuplicate.
 */
export const associateLeadNode = defineNode({
  type: 'crm.associate_lead',
  version: 1,
  category: 'crm',
  labels: { ja: '見込み客を関連付ける', en: 'Associate lead' },
  description: {
    ja: '訪問者の情報を CRM の見込み客として登録し、見込み客 ID を変数に保存します。',
    en: 'Registers the visitor as a CRM lead and keeps the lead id in a variable.',
  },
  config: Type.Object(
    {
      ...personFields({
        module: 'leads',
        variableDefault: 'lead_id',
        idLabel: { ja: '見込み客 ID を保存する変数', en: 'Variable for the lead id' },
      }),
      source: Type.Optional(
        templateField({
          label: { ja: 'データ元', en: 'Lead source' },
          maxLength: 100,
          help: { ja: '例: チャットボット、Web フォーム', en: 'E.g. chatbot, web form' },
        }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: PERSON_BRANCHES,
  branchLabels: PERSON_BRANCH_LABELS,
  setsVariables: { field: 'idVariable' },
  sideEffects: true,
  outputs: Type.Object({
    leadId: Type.String(),
    created: Type.Boolean(),
    matchedBy: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('phone')])),
  }),
  run: (ctx) => runPersonNode(ctx, { module: 'leads', idKey: 'leadId', variableDefault: 'lead_id' }),
});
