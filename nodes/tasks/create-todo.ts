import { Type } from 'typebox';
import type { Localized } from '../../runtime/model/localized';
import { defineNode } from '../../runtime/model/node-definition';
import { SUCCESS_FAILURE } from '../common/labels';
import { field } from '../common/schema';
import { optionalDate, requiredText, templateField, textOf } from '../crm/shared';
import { connectionOption, telephonyConnectionField } from '../telephony/connection';

const SUBJECT: Localized = { ja: '件名', en: 'Subject' };

/**
 * Creates a to-do. Without a call id it is an open to-do ("next steps"); with the id of a call in
 * progress it becomes the one completed to-do of that call when the call ends ("past activities").
 */
export const createTodoNode = defineNode({
  type: 'tasks.create_todo',
  version: 1,
  category: 'crm',
  labels: { ja: 'ToDo を作成', en: 'Create to-do' },
  description: {
    ja: 'ToDo を作成します。通話 ID を指定すると、通話の終了時にその通話の完了済み ToDo になります。',
    en: 'Creates a to-do. Given a call id, it becomes that call’s completed to-do when the call ends.',
  },
  config: Type.Object(
    {
      connectionId: telephonyConnectionField(),
      subject: templateField({ label: SUBJECT, maxLength: 500 }),
      memo: Type.Optional(
        templateField({ label: { ja: 'メモ', en: 'Memo' }, maxLength: 20_000, textarea: true }),
      ),
      contactId: Type.Optional(
        templateField({ label: { ja: '連絡先 ID', en: 'Contact id' }, maxLength: 200 }),
      ),
      dueDate: Type.Optional(
        templateField({ label: { ja: '期限（YYYY-MM-DD）', en: 'Due date (YYYY-MM-DD)' }, maxLength: 40 }),
      ),
      callId: Type.Optional(
        Type.String({
          maxLength: 200,
          'x-widget': 'template',
          ...field(
            { ja: '通話 ID', en: 'Call id' },
            {
              ja: '通話中のメモならその通話の ID（例: {{ trigger.callId }}）。空なら未完了の ToDo です。',
              en: 'For a note taken during a call, its id (e.g. {{ trigger.callId }}). Empty: an open to-do.',
            },
          ),
        }),
      ),
      owner: Type.Optional(
        templateField({ label: { ja: '担当者（メール）', en: 'Owner (e-mail)' }, maxLength: 320 }),
      ),
    },
    { additionalProperties: false },
  ),
  branches: ['success', 'failure'],
  branchLabels: SUCCESS_FAILURE,
  sideEffects: true,
  outputs: Type.Object({ taskId: Type.String(), status: Type.String() }),
  run: async (ctx) => {
    const subject = requiredText(ctx.config.subject, { field: 'subject', label: SUBJECT });
    const dueDate = optionalDate(ctx.config.dueDate, {
      field: 'dueDate',
      label: { ja: '期限', en: 'Due date' },
    });
    const optional = (value: unknown) => {
      const text = textOf(value);
      return text === '' ? undefined : text;
    };
    const contactId = optional(ctx.config.contactId);
    const callId = optional(ctx.config.callId);
    const owner = optional(ctx.config.owner);
    const result = await ctx.port('telephony').createTodo({
      ...connectionOption(ctx.config.connectionId),
      subject,
      memo: textOf(ctx.config.memo),
      ...(contactId ? { contactId } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(callId ? { callId } : {}),
      ...(owner ? { owner } : {}),
    });
    return { branch: 'success', output: result };
  },
});
