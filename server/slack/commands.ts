import type { Language, Localized } from '../../runtime/model/localized';
import { roleAtLeast } from '../auth/roles';
import type { UserModel } from '../db/models/index';
import type { SlackDesk } from './desk';
import { ticketSummary } from './messages';
import type { SlackMessage, TicketSnapshot } from './messages';
import type { SlackService } from './service';

/** A parsed `/musubi …` command. */
export type Command =
  | { name: 'help' }
  | { name: 'ticket'; number: number }
  | { name: 'tickets'; status?: string }
  | { name: 'create'; subject: string }
  | { name: 'comment' | 'reply'; number: number; text: string }
  | { name: 'invalid'; usage: Localized };

const USAGE: Record<string, Localized> = {
  ticket: { ja: '使い方: /musubi ticket <番号>', en: 'Usage: /musubi ticket <number>' },
  create: { ja: '使い方: /musubi create <件名>', en: 'Usage: /musubi create <subject>' },
  comment: { ja: '使い方: /musubi comment <番号> <本文>', en: 'Usage: /musubi comment <number> <text>' },
  reply: { ja: '使い方: /musubi reply <番号> <本文>', en: 'Usage: /musubi reply <number> <text>' },
};

const number = (text: string | undefined) => {
  const cleaned = (text ?? '').replace(/^#/, '');
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : undefined;
};

/** Reads the text after `/musubi` (full-width spaces count as spaces, as Japanese IMEs type them). */
export function parseCommand(text: string): Command {
  const trimmed = text.replace(/\u3000/g, ' ').trim();
  const [word = '', ...rest] = trimmed.split(/\s+/);
  const name = word.toLowerCase();
  switch (name) {
    case '':
    case 'help':
      return { name: 'help' };
    case 'ticket': {
      const n = number(rest[0]);
      return n === undefined
        ? { name: 'invalid', usage: USAGE.ticket ?? HELP }
        : { name: 'ticket', number: n };
    }
    case 'tickets':
      return rest[0] ? { name: 'tickets', status: rest.join(' ') } : { name: 'tickets' };
    case 'create': {
      const subject = rest.join(' ').trim();
      return subject ? { name: 'create', subject } : { name: 'invalid', usage: USAGE.create ?? HELP };
    }
    case 'comment':
    case 'reply': {
      const n = number(rest[0]);
      const body = rest.slice(1).join(' ').trim();
      return n === undefined || !body
        ? { name: 'invalid', usage: USAGE[name] ?? HELP }
        : { name, number: n, text: body };
    }
    default:
      return { name: 'invalid', usage: HELP };
  }
}

export const HELP: Localized = {
  ja: [
    '*/musubi のコマンド*',
    '`/musubi ticket <番号>` 問い合わせを表示',
    '`/musubi tickets [ステータス]` 自分の問い合わせ一覧',
    '`/musubi create <件名>` 問い合わせを作成',
    '`/musubi comment <番号> <本文>` 社内コメントを追加',
    '`/musubi reply <番号> <本文>` お客様にメールで返信',
    '`/musubi help` この一覧',
  ].join('\n'),
  en: [
    '*/musubi commands*',
    '`/musubi ticket <number>` show a ticket',
    '`/musubi tickets [status]` your tickets',
    '`/musubi create <subject>` create a ticket',
    '`/musubi comment <number> <text>` add an internal comment',
    '`/musubi reply <number> <text>` reply to the customer by e-mail',
    '`/musubi help` this list',
  ].join('\n'),
};

const text = (value: string): SlackMessage => ({ text: value, blocks: [] });

/** Commands that change tickets need the editor role; viewers may look. */
const WRITES = new Set(['create', 'comment', 'reply']);

/** Runs a command as the linked user and says what happened, in the workspace's language. */
export async function runCommand(options: {
  command: Command;
  user: UserModel;
  desk: SlackDesk;
  service: SlackService;
  language: Language;
}): Promise<SlackMessage> {
  const { command, user, desk, service, language: lang } = options;
  const summary = (ticket: TicketSnapshot) =>
    ticketSummary({ ticket, language: lang, ticketUrl: service.ticketUrl(ticket.id) });
  const notFound = (n: number) =>
    text(lang === 'ja' ? `問い合わせ #${n} は見つかりません。` : `There is no ticket #${n}.`);
  if (WRITES.has(command.name) && !roleAtLeast(user.role, 'editor')) {
    return text(
      lang === 'ja'
        ? `${user.email} には問い合わせを変更する権限がありません（編集者以上が必要です）。`
        : `${user.email} may not change tickets (the editor role or higher is needed).`,
    );
  }
  switch (command.name) {
    case 'help':
      return text(HELP[lang]);
    case 'invalid':
      return text(command.usage[lang]);
    case 'ticket': {
      const ticket = await desk.findTicket(command.number);
      return ticket ? summary(ticket) : notFound(command.number);
    }
    case 'tickets': {
      const tickets = await desk.listTickets({ user, ...(command.status ? { status: command.status } : {}) });
      if (tickets.length === 0)
        return text(lang === 'ja' ? '該当する問い合わせはありません。' : 'No tickets match.');
      return text(tickets.map((t) => `#${t.number} ${t.subject} — ${t.status}`).join('\n'));
    }
    case 'create': {
      const ticket = await desk.createTicket({ user, subject: command.subject });
      if (!ticket)
        return text(
          lang === 'ja' ? '問い合わせを作成できませんでした。' : 'The ticket could not be created.',
        );
      const head =
        lang === 'ja' ? `問い合わせ #${ticket.number} を作成しました。` : `Created ticket #${ticket.number}.`;
      const body = summary(ticket);
      return {
        text: `${head} ${body.text}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: head } }, ...body.blocks],
      };
    }
    case 'comment': {
      const ticket = await desk.addComment({ user, number: command.number, text: command.text });
      if (!ticket) return notFound(command.number);
      await service.notifyTicketEvent({
        event: 'comment_added',
        ticket,
        actor: user.email,
        comment: command.text,
      });
      return text(
        lang === 'ja'
          ? `#${ticket.number} にコメントを追加しました。`
          : `Comment added to #${ticket.number}.`,
      );
    }
    case 'reply': {
      const ticket = await desk.reply({ user, number: command.number, text: command.text });
      if (!ticket) return notFound(command.number);
      if (ticket === 'no_contact') {
        return text(
          lang === 'ja'
            ? `#${command.number} にはメールアドレスのある連絡先がないため、返信できません。`
            : `Ticket #${command.number} has no contact with an e-mail address to reply to.`,
        );
      }
      return text(
        lang === 'ja'
          ? `#${ticket.number} のお客様に返信しました。`
          : `Replied to the customer of #${ticket.number}.`,
      );
    }
  }
}
