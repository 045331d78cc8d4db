import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import type { ListMemberInput } from '../../runtime/ports/crm';
import { field } from '../common/schema';
import {
  INTEGRATION_BRANCH_LABELS,
  connectedPort,
  connectionField,
  invalidInput,
  optionalEmail,
  originOf,
  refusalResult,
  templateField,
  textOf,
} from '../crm/shared';

const BRANCHES = ['success', 'failure', 'integration_disabled'] as const;

const LABELS = {
  listId: { ja: 'リスト', en: 'List' },
  nameVariable: { ja: '名前（変数）', en: 'Name (variable)' },
  emailVariable: { ja: 'メールアドレス（変数）', en: 'E-mail (variable)' },
  phone: { ja: '電話番号', en: 'Phone' },
} satisfies Record<string, Localized>;

/**
 * A variable the value is read from. Only a name is accepted (no literal, no template), which is
 * how the form makes name and e-mail come from what the visitor answered earlier.
 */
function variableInput(label: Localized) {
  return Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]*$',
    'x-widget': 'variable',
    ...field(label, {
      ja: '会話の中で保存した変数を選びます（値を直接書くことはできません）。',
      en: 'Pick a variable saved earlier in the conversation (values cannot be typed in).',
    }),
  });
}

/**
 * Adds the visitor to a mailing list with name, e-mail and phone. A member with the same e-mail
 * is updated rather than added twice.
 */
export const addToListNode = defineNode({
  type: 'lists.add_to_list',
  version: 1,
  category: 'lists',
  labels: { ja: '配信リストに追加する', en: 'Add to mailing list' },
  description: {
    ja: '訪問者の名前・メールアドレス・電話番号を配信リストに登録します。',
    en: 'Adds the visitor’s name, e-mail and phone to a mailing list.',
  },
  config: Type.Object(
    {
      connectionId: connectionField('lists'),
      listId: Type.String({
        minLength: 1,
        maxLength: 100,
        'x-widget': 'mailing-list',
        ...field(LABELS.listId),
      }),
      nameVariable: { ...variableInput(LABELS.nameVariable), default: 'name' },
      emailVariable: { ...variableInput(LABELS.emailVariable), default: 'email' },
      phone: Type.Optional(
        templateField({ label: LABELS.phone, maxLength: 50, help: { ja: '任意。', en: 'Optional.' } }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: BRANCHES,
  branchLabels: INTEGRATION_BRANCH_LABELS,
  sideEffects: true,
  outputs: Type.Object({
    memberId: Type.String(),
    state: Type.Union([Type.Literal('subscribed'), Type.Literal('updated')]),
  }),
  run: async (ctx) => {
    const connected = await connectedPort(ctx, 'lists');
    if ('result' in connected) return connected.result;
    const { config } = ctx;
    const name = fromVariable(ctx.vars, {
      field: 'nameVariable',
      variable: config.nameVariable,
      label: LABELS.nameVariable,
    });
    const rawEmail = fromVariable(ctx.vars, {
      field: 'emailVariable',
      variable: config.emailVariable,
      label: LABELS.emailVariable,
    });
    const values: ListMemberInput = {
      listId: config.listId,
      name,
      email: optionalEmail(rawEmail, { field: 'emailVariable', label: LABELS.emailVariable }),
    };
    const phone = textOf(config.phone);
    if (phone) values.phone = phone;
    const outcome = await connected.port.addListMember({
      connectionId: config.connectionId,
      values,
      origin: originOf(ctx),
    });
    if (!outcome.ok) return refusalResult(outcome, BRANCHES);
    return { branch: 'success', output: { memberId: outcome.memberId, state: outcome.state } };
  },
});

function fromVariable(
  vars: Readonly<Record<string, unknown>>,
  input: { field: string; variable: string; label: Localized },
): string {
  const value = Object.hasOwn(vars, input.variable) ? textOf(vars[input.variable]) : '';
  if (value) return value;
  throw invalidInput({
    field: input.field,
    message: {
      ja: `「${input.label.ja}」（${input.field}）の変数「${input.variable}」に値がありません。`,
      en: `"${input.label.en}" (${input.field}): the variable "${input.variable}" has no value.`,
    },
  });
}
