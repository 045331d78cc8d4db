import { Type } from 'typebox';
import { NodeError } from '../../runtime/model/errors';
import type { Localized } from '../../runtime/model/localized';
import type { NodeContext, NodeResult } from '../../runtime/model/node-definition';
import type { DuplicateMatch, PersonInput, PersonModule } from '../../runtime/ports/crm';
import { field, variableNameSchema } from '../common/schema';
import {
  INTEGRATION_BRANCH_LABELS,
  connectedPort,
  connectionField,
  optionalEmail,
  originOf,
  refusalResult,
  requiredText,
  templateField,
  textOf,
  variablesFor,
} from './shared';

/**
 * The shared body of crm.associate_lead and crm.associate_contact: both write a person (name,
 * company, e-mail, phone, owner) and both look for one already there, by e-mail and else by phone.
 */

export const PERSON_BRANCHES = ['success', 'failure', 'integration_disabled', 'duplicate'] as const;

export const PERSON_BRANCH_LABELS = {
  ...INTEGRATION_BRANCH_LABELS,
  duplicate: { ja: '登録済み', en: 'Already exists' },
} satisfies Record<string, Localized>;

const LABELS = {
  name: { ja: '名前', en: 'Name' },
  company: { ja: '会社名（組織）', en: 'Company' },
  email: { ja: 'メールアドレス', en: 'E-mail' },
  phone: { ja: '電話番号', en: 'Phone' },
  source: { ja: 'データ元', en: 'Source' },
  owner: { ja: '担当者', en: 'Owner' },
} satisfies Record<string, Localized>;

/** The person fields both nodes have; the lead adds its source. */
export function personFields(options: { module: PersonModule; variableDefault: string; idLabel: Localized }) {
  return {
    connectionId: connectionField('crm'),
    name: Type.String({
      maxLength: 200,
      default: '{{ vars.name }}',
      'x-widget': 'template',
      ...field(LABELS.name),
    }),
    company: Type.Optional(templateField({ label: LABELS.company, maxLength: 200 })),
    email: Type.Optional(templateField({ label: LABELS.email, maxLength: 320 })),
    phone: Type.Optional(
      templateField({
        label: LABELS.phone,
        maxLength: 50,
        help: {
          ja: '「03-1234-5678」「+81312345678」などどの書き方でも、+81… の形にそろえて保存します。',
          en: 'Any written form ("03-1234-5678", "+81312345678") is stored as +81… (E.164).',
        },
      }),
    ),
    owner: Type.Optional(
      templateField({
        label: LABELS.owner,
        maxLength: 320,
        help: {
          ja: 'ユーザーのメールアドレス。空ならワークフローの作成者が担当になります。',
          en: 'A user’s e-mail. Empty: the workflow’s creator becomes the owner.',
        },
      }),
    ),
    onDuplicate: Type.Optional(
      Type.Union([Type.Literal('branch'), Type.Literal('use_existing'), Type.Literal('fail')], {
        default: 'branch',
        ...field(
          { ja: '登録済みのとき', en: 'When it already exists' },
          {
            ja: '同じメールアドレス（なければ電話番号）が登録済みのとき。branch: 「登録済み」に進む / use_existing: 既存の ID で「成功」に進む / fail: 「失敗」に進む',
            en: 'When the e-mail (else the phone) is already there. branch: take “Already exists” / use_existing: take “Success” with the existing id / fail: take “Failure”',
          },
        ),
      }),
    ),
    idVariable: Type.Optional({ ...variableNameSchema(options.idLabel), default: options.variableDefault }),
  };
}

export interface PersonConfig {
  connectionId: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  source?: string;
  owner?: string;
  onDuplicate?: 'branch' | 'use_existing' | 'fail';
  idVariable?: string;
}

/** Runs the node for `module`; `idKey` is the output's name for the id (leadId / contactId). */
export async function runPersonNode(
  ctx: NodeContext<PersonConfig>,
  options: { module: PersonModule; idKey: string; variableDefault: string },
): Promise<NodeResult> {
  const connected = await connectedPort(ctx, 'crm');
  if ('result' in connected) return connected.result;
  const { port } = connected;
  const { config } = ctx;
  // Defaults in the schema are for the form; a document saved without the field gets the same name.
  const idVariable = config.idVariable ?? options.variableDefault;
  const values: PersonInput = { name: requiredText(config.name, { field: 'name', label: LABELS.name }) };
  const email = optionalEmail(config.email, { field: 'email', label: LABELS.email });
  if (email) values.email = email;
  for (const key of ['company', 'phone', 'source', 'owner'] as const) {
    const text = textOf(config[key]);
    if (text) values[key] = text;
  }

  const existing = await port.findDuplicate({
    connectionId: config.connectionId,
    module: options.module,
    ...(values.email ? { email: values.email } : {}),
    ...(values.phone ? { phone: values.phone } : {}),
  });
  if (existing) return duplicateResult(existing);

  const origin = originOf(ctx);
  const outcome =
    options.module === 'leads'
      ? await port.createLead({ connectionId: config.connectionId, values, origin })
      : await port.createContact({ connectionId: config.connectionId, values, origin });
  // A provider's own duplicate check (Zoho's unique fields) can catch what the search did not.
  if (!outcome.ok && outcome.reason === 'duplicate' && outcome.existing)
    return duplicateResult(outcome.existing);
  if (!outcome.ok) return refusalResult(outcome, PERSON_BRANCHES);
  return {
    branch: 'success',
    output: { [options.idKey]: outcome.id, created: true },
    setVars: variablesFor([[idVariable, outcome.id]]),
  };

  function duplicateResult(existing: DuplicateMatch): NodeResult {
    const onDuplicate = config.onDuplicate ?? 'branch';
    const output = { [options.idKey]: existing.id, created: false, matchedBy: existing.matchedBy };
    const setVars = variablesFor([[idVariable, existing.id]]);
    if (onDuplicate === 'use_existing') return { branch: 'success', output, setVars };
    if (onDuplicate === 'branch') return { branch: 'duplicate', output, setVars };
    throw new NodeError({
      code: 'duplicate',
      retryable: false,
      details: { existingId: existing.id, matchedBy: existing.matchedBy },
      message: {
        ja: `同じ${existing.matchedBy === 'email' ? 'メールアドレス' : '電話番号'}の${options.module === 'leads' ? '見込み客' : '連絡先'}が登録済みです（ID: ${existing.id}）。`,
        en: `A ${options.module === 'leads' ? 'lead' : 'contact'} with this ${existing.matchedBy === 'email' ? 'e-mail' : 'phone number'} already exists (id ${existing.id}).`,
      },
    });
  }
}
