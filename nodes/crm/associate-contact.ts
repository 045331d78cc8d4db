import { Type } from 'typebox';
import { defineNode } from '../../runtime/model/node-definition';
import { PERSON_BRANCHES, PERSON_BRANCH_LABELS, personFields, runPersonNode } from './person';

/**
 * Registers the visitor as a contact and keeps the contact id in a variable. A contact with the
 * same e-mail, else the same phone, is a duplicate: see onDuplicate.
 */
export const associateContactNode = defineNode({
  type: 'crm.associate_contact',
  version: 1,
  category: 'crm',
  labels: { ja: '連絡先を関連付ける', en: 'Associate contact' },
  description: {
    ja: '訪問者の情報を CRM の連絡先として登録し、連絡先 ID を変数に保存します。',
    en: 'Registers the visitor as a CRM contact and keeps the contact id in a variable.',
  },
  config: Type.Object(
    personFields({
      module: 'contacts',
      variableDefault: 'contact_id',
      idLabel: { ja: '連絡先 ID を保存する変数', en: 'Variable for the contact id' },
    }),
    { additionalProperties: false },
  ),
  branches: PERSON_BRANCHES,
  branchLabels: PERSON_BRANCH_LABELS,
  setsVariables: { field: 'idVariable' },
  sideEffects: true,
  outputs: Type.Object({
    contactId: Type.String(),
    created: Type.Boolean(),
    matchedBy: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('phone')])),
  }),
  run: (ctx) => runPersonNode(ctx, { module: 'contacts', idKey: 'contactId', variableDefault: 'contact_id' }),
});
