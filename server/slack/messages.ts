import type { Language, Localized } from '../../runtime/model/localized';
import type { SlackEvent } from './settings';

/** Slack refuses messages with more blocks than this. */
export const MAX_BLOCKS = 50;
const MAX_HEADER = 150;
const MAX_SECTION = 3000;

/** What a notification says about a ticket. */
export interface TicketSnapshot {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority?: string | null;
  departmentId?: string | null;
  departmentName?: string | null;
  agentName?: string | null;
  agentEmail?: string | null;
  contactName?: string | null;
}

/** A ticket event from the help desk, as the Slack notifier receives it. */
export interface TicketEvent {
  event: SlackEvent;
  ticket: TicketSnapshot;
  /** Who did it (a user's name or e-mail, or "workflow"). */
  actor?: string;
  previousStatus?: string;
  comment?: string;
  rating?: string;
  /** For `stage_upcoming`: the next stage and when it is due. */
  upcoming?: { stage: string; dueAt: string };
}

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

const HEADLINES: Record<SlackEvent, (e: TicketEvent) => Localized> = {
  ticket_created: () => ({ ja: '新しい問い合わせ', en: 'New ticket' }),
  ticket_assigned: (e) => ({
    ja: `担当者が ${e.ticket.agentName ?? '未設定'} になりました`,
    en: `Assigned to ${e.ticket.agentName ?? 'nobody'}`,
  }),
  status_changed: (e) => ({
    ja: `ステータス変更: ${e.previousStatus ?? '?'} → ${e.ticket.status}`,
    en: `Status changed: ${e.previousStatus ?? '?'} → ${e.ticket.status}`,
  }),
  ticket_closed: () => ({ ja: '問い合わせが完了しました', en: 'Ticket closed' }),
  comment_added: () => ({ ja: 'コメントが追加されました', en: 'Comment added' }),
  rating_received: (e) => ({
    ja: `顧客満足度の評価: ${e.rating ?? ''}`,
    en: `Customer rating received: ${e.rating ?? ''}`,
  }),
  stage_upcoming: (e) => ({
    ja: `まもなく遷移: ${e.upcoming?.stage ?? ''}（${e.upcoming?.dueAt ?? ''}）`,
    en: `Upcoming transition: ${e.upcoming?.stage ?? ''} (${e.upcoming?.dueAt ?? ''})`,
  }),
};

const FIELD_LABELS = {
  status: { ja: 'ステータス', en: 'Status' },
  priority: { ja: '優先度', en: 'Priority' },
  department: { ja: '部門', en: 'Department' },
  agent: { ja: '担当者', en: 'Agent' },
  contact: { ja: '問い合わせた人', en: 'Contact' },
  open: { ja: 'Musubi で開く', en: 'Open in Musubi' },
  assign: { ja: '自分に割り当て', en: 'Assign to me' },
  close: { ja: '完了にする', en: 'Close' },
  by: { ja: '操作', en: 'By' },
} satisfies Record<string, Localized>;

/** Slack's mrkdwn treats &, < and > specially; user text must not become links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A ticket notification: a header, the ticket's fields, the comment when there is one, a link to
 * the ticket and buttons ("Assign to me", "Close"); `text` is the fallback shown in notifications.
 */
export function ticketMessage(options: {
  event: TicketEvent;
  language: Language;
  ticketUrl: string;
}): SlackMessage {
  const { event, language: lang, ticketUrl } = options;
  const t = event.ticket;
  const headline = HEADLINES[event.event](event)[lang];
  const title = `#${t.number} ${t.subject}`;
  const fields: string[] = [`*${FIELD_LABELS.status[lang]}:* ${escapeMrkdwn(t.status)}`];
  if (t.priority) fields.push(`*${FIELD_LABELS.priority[lang]}:* ${escapeMrkdwn(t.priority)}`);
  if (t.departmentName) fields.push(`*${FIELD_LABELS.department[lang]}:* ${escapeMrkdwn(t.departmentName)}`);
  if (t.agentName) fields.push(`*${FIELD_LABELS.agent[lang]}:* ${escapeMrkdwn(t.agentName)}`);
  if (t.contactName) fields.push(`*${FIELD_LABELS.contact[lang]}:* ${escapeMrkdwn(t.contactName)}`);

  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(headline, MAX_HEADER) } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`*<${ticketUrl}|${escapeMrkdwn(title)}>*`, MAX_SECTION) },
    },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text: cut(text, 2000) })) },
  ];
  if (event.comment) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`> ${escapeMrkdwn(event.comment)}`, MAX_SECTION) },
    });
  }
  if (event.actor) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${FIELD_LABELS.by[lang]}: ${escapeMrkdwn(event.actor)}` }],
    });
  }
  const actions: Record<string, unknown>[] = [
    {
      type: 'button',
      text: { type: 'plain_text', text: FIELD_LABELS.open[lang] },
      url: ticketUrl,
      action_id: 'open_ticket',
    },
  ];
  if (event.event !== 'ticket_closed') {
    actions.push(
      {
        type: 'button',
        text: { type: 'plain_text', text: FIELD_LABELS.assign[lang] },
        action_id: 'assign_to_me',
        value: t.id,
      },
      {
        type: 'button',
        text: { type: 'plain_text', text: FIELD_LABELS.close[lang] },
        action_id: 'close_ticket',
        value: t.id,
        style: 'danger',
      },
    );
  }
  blocks.push({ type: 'actions', block_id: `ticket:${t.id}`.slice(0, 255), elements: actions });
  return {
    text: cut(`${headline}: ${title} (${t.status}) ${ticketUrl}`, 40_000),
    blocks: blocks.slice(0, MAX_BLOCKS),
  };
}

/** A ticket as a slash command shows it (no buttons that need a notification's context). */
export function ticketSummary(options: {
  ticket: TicketSnapshot;
  language: Language;
  ticketUrl: string;
}): SlackMessage {
  const { ticket: t, language: lang, ticketUrl } = options;
  const lines = [
    `*<${ticketUrl}|#${t.number} ${escapeMrkdwn(t.subject)}>*`,
    `${FIELD_LABELS.status[lang]}: ${escapeMrkdwn(t.status)}`,
  ];
  if (t.priority) lines.push(`${FIELD_LABELS.priority[lang]}: ${escapeMrkdwn(t.priority)}`);
  if (t.agentName) lines.push(`${FIELD_LABELS.agent[lang]}: ${escapeMrkdwn(t.agentName)}`);
  if (t.departmentName) lines.push(`${FIELD_LABELS.department[lang]}: ${escapeMrkdwn(t.departmentName)}`);
  return {
    text: `#${t.number} ${t.subject} — ${FIELD_LABELS.status[lang]}: ${t.status}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n'), MAX_SECTION) } }],
  };
}
