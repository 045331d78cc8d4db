import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import { defineNode, type NodeResult } from '../../runtime/model/node-definition';
import type { PartyStatus, TicketInput } from '../../runtime/ports/crm';
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
} from '../crm/shared';
import { parsePriority } from './priority';

const BRANCHES = [
  'success',
  'failure',
  'integration_disabled',
  'department_invalid',
  'agent_invalid',
] as const;

const LABELS = {
  subject: { ja: '件名', en: 'Subject' },
  description: { ja: '説明', en: 'Description' },
  status: { ja: 'ステータス', en: 'Status' },
  priority: { ja: '優先度', en: 'Priority' },
  classification: { ja: '分類', en: 'Classification' },
  departmentId: { ja: '部門', en: 'Department' },
  agentId: { ja: '担当者 ID', en: 'Agent id' },
  contactName: { ja: '問い合わせた人の名前', en: 'Contact name' },
  contactEmail: { ja: '問い合わせた人のメールアドレス', en: 'Contact e-mail' },
  contactPhone: { ja: '問い合わせた人の電話番号', en: 'Contact phone' },
} satisfies Record<string, Localized>;

const LITERAL_OR_VARIABLE: Localized = {
  ja: '値をそのまま書くか、{{ vars.名前 }} で会話の中で保存した変数を使えます。',
  en: 'Write the value, or use a variable saved earlier in the conversation ({{ vars.name }}).',
};

/**
 * Creates a help-desk ticket for the visitor: the contact is matched by e-mail (else phone) or
 * created, and the ticket id and its number (the human reference) go into two variables. A
 * department or agent switched off or deleted after the workflow was published takes its own branch.
 */
export const associateInquiryNode = defineNode({
  type: 'desk.associate_inquiry',
  version: 1,
  category: 'desk',
  labels: { ja: '問い合わせを関連付ける', en: 'Associate inquiry' },
  description: {
    ja: '訪問者の問い合わせ（チケット）を作成し、問い合わせ ID と番号を変数に保存します。',
    en: 'Creates a ticket for the visitor and keeps the ticket id and number in variables.',
  },
  config: Type.Object(
    {
      connectionId: connectionField('desk'),
      subject: Type.String({
        maxLength: 500,
        'x-widget': 'template',
        ...field(LABELS.subject, {
          ja: '差し込み項目（{{ … }}）を使えます。',
          en: 'May contain merge fields ({{ … }}).',
        }),
      }),
      description: Type.Optional(
        templateField({ label: LABELS.description, maxLength: 20_000, textarea: true }),
      ),
      pipelineId: Type.Optional(
        Type.String({
          maxLength: 100,
          'x-widget': 'pipeline:tickets',
          ...field(
            { ja: 'チケットのパイプライン', en: 'Ticket pipeline' },
            { ja: '空なら最初のパイプライン。', en: 'Empty: the first one.' },
          ),
        }),
      ),
      status: Type.Optional(
        templateField({
          label: LABELS.status,
          maxLength: 100,
          help: {
            ja: `例: 未対応、対応中、保留、完了（パイプラインのステータス名）。空なら最初のステータス。${LITERAL_OR_VARIABLE.ja}`,
            en: `E.g. 未対応 (open), 対応中, 保留, 完了: a status of the pipeline. Empty: its first status. ${LITERAL_OR_VARIABLE.en}`,
          },
        }),
      ),
      priority: Type.Optional(
        templateField({
          label: LABELS.priority,
          maxLength: 50,
          help: {
            ja: `高・中・低・なし（high / medium / low / none）。${LITERAL_OR_VARIABLE.ja}`,
            en: `high / medium / low / none (高・中・低・なし). ${LITERAL_OR_VARIABLE.en}`,
          },
        }),
      ),
      classification: Type.Optional(
        templateField({
          label: LABELS.classification,
          maxLength: 100,
          help: {
            ja: `例: 質問、課題、不具合。${LITERAL_OR_VARIABLE.ja}`,
            en: `E.g. question, problem, bug. ${LITERAL_OR_VARIABLE.en}`,
          },
        }),
      ),
      departmentId: Type.Optional(
        Type.String({ maxLength: 100, 'x-widget': 'department', ...field(LABELS.departmentId) }),
      ),
      agentId: Type.Optional(templateField({ label: LABELS.agentId, maxLength: 100 })),
      contactName: Type.Optional({
        ...templateField({ label: LABELS.contactName, maxLength: 200 }),
        default: '{{ vars.name }}',
      }),
      contactEmail: Type.Optional({
        ...templateField({
          label: LABELS.contactEmail,
          maxLength: 320,
          help: {
            ja: 'このメールアドレスの連絡先に関連付けます。いなければ作成します。',
            en: 'The ticket goes to the contact with this e-mail, created when there is none.',
          },
        }),
        default: '{{ vars.email }}',
      }),
      contactPhone: Type.Optional(templateField({ label: LABELS.contactPhone, maxLength: 50 })),
      ticketIdVariable: Type.Optional({
        ...variableNameSchema({ ja: '問い合わせ ID を保存する変数', en: 'Variable for the ticket id' }),
        default: 'ticket_id',
      }),
      ticketNumberVariable: Type.Optional({
        ...variableNameSchema({ ja: '問い合わせ番号を保存する変数', en: 'Variable for the ticket number' }),
        default: 'ticket_number',
      }),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: {
    ...INTEGRATION_BRANCH_LABELS,
    department_invalid: { ja: '部門が無効', en: 'Department invalid' },
    agent_invalid: { ja: '担当者が無効', en: 'Agent invalid' },
  },
  setsVariables: [{ field: 'ticketIdVariable' }, { field: 'ticketNumberVariable' }],
  sideEffects: true,
  outputs: Type.Object({
    ticketId: Type.String(),
    ticketNumber: Type.Integer(),
    contactId: Type.Optional(Type.String()),
  }),
  run: async (ctx) => {
    const connected = await connectedPort(ctx, 'desk');
    if ('result' in connected) return connected.result;
    const { port } = connected;
    const { config } = ctx;
    const connectionId = config.connectionId;

    const values: TicketInput = {
      subject: requiredText(config.subject, { field: 'subject', label: LABELS.subject }),
    };
    const priority = parsePriority(config.priority, { field: 'priority', label: LABELS.priority });
    if (priority) values.priority = priority;
    for (const key of ['description', 'pipelineId', 'status', 'classification'] as const) {
      const text = textOf(config[key]);
      if (text) values[key] = text;
    }
    const contact = {
      name: textOf(config.contactName),
      email: optionalEmail(config.contactEmail, { field: 'contactEmail', label: LABELS.contactEmail }),
      phone: textOf(config.contactPhone),
    };
    if (contact.name || contact.email || contact.phone) values.contact = contact;

    const departmentId = textOf(config.departmentId);
    if (departmentId) {
      const status = await port.departmentStatus({ connectionId, departmentId });
      if (status !== 'active')
        return partyInvalid({ branch: 'department_invalid', id: departmentId, status });
      values.departmentId = departmentId;
    }
    const agentId = textOf(config.agentId);
    if (agentId) {
      const status = await port.agentStatus({ connectionId, agentId });
      if (status !== 'active') return partyInvalid({ branch: 'agent_invalid', id: agentId, status });
      values.agentId = agentId;
    }

    const outcome = await port.createTicket({ connectionId, values, origin: originOf(ctx) });
    if (!outcome.ok) return refusalResult(outcome, BRANCHES);
    return {
      branch: 'success',
      output: { ticketId: outcome.id, ticketNumber: outcome.number, contactId: outcome.contactId },
      setVars: variablesFor([
        [config.ticketIdVariable ?? 'ticket_id', outcome.id],
        [config.ticketNumberVariable ?? 'ticket_number', outcome.number],
      ]),
    };
  },
});

const STATUS_WORDS: Record<Exclude<PartyStatus, 'active'>, Localized> = {
  disabled: { ja: '無効になっています', en: 'is switched off' },
  deleted: { ja: '削除されています', en: 'was deleted' },
  missing: { ja: '見つかりません', en: 'does not exist' },
};

function partyInvalid(options: {
  branch: 'department_invalid' | 'agent_invalid';
  id: string;
  status: Exclude<PartyStatus, 'active'>;
}): NodeResult {
  const what: Localized =
    options.branch === 'department_invalid'
      ? { ja: '部門', en: 'department' }
      : { ja: '担当者', en: 'agent' };
  const words = STATUS_WORDS[options.status];
  return {
    branch: options.branch,
    output: {
      error: {
        code: options.branch,
        status: options.status,
        message: {
          ja: `${what.ja}「${options.id}」は${words.ja}。`,
          en: `The ${what.en} "${options.id}" ${words.en}.`,
        },
      },
    },
  };
}
