import type { Localized } from '../../runtime/model/localized';
import { TICKET_PRIORITIES, type TicketPriority } from '../../runtime/ports/crm';
import { invalidInput, textOf } from '../crm/shared';

/** The words people use for each priority, in both languages (a bot's choice may store any). */
const PRIORITY_WORDS: Record<TicketPriority, readonly string[]> = {
  high: ['high', '高', '高い', '緊急', 'urgent'],
  medium: ['medium', '中', '普通', 'normal'],
  low: ['low', '低', '低い'],
  none: ['none', 'なし', '無し', '-'],
};

/** A priority from a literal or a variable's value; undefined when empty, a failure when unknown. */
export function parsePriority(
  value: unknown,
  input: { field: string; label: Localized },
): TicketPriority | undefined {
  const text = textOf(value).normalize('NFKC').toLowerCase();
  if (text === '') return undefined;
  for (const priority of TICKET_PRIORITIES) if (PRIORITY_WORDS[priority].includes(text)) return priority;
  throw invalidInput({
    field: input.field,
    message: {
      ja: `「${input.label.ja}」（${input.field}）の「${textOf(value)}」は使えません。高・中・低・なし のどれかにしてください。`,
      en: `"${input.label.en}" (${input.field}) cannot be "${textOf(value)}": use high, medium, low or none.`,
    },
  });
}
