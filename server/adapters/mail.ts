import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { UniqueConstraintError } from 'sequelize';
import type { Database } from '../db/index';
import type { OutboxMailModel } from '../db/models/index';
import { NodeError } from '../../runtime/model/errors';
import type { MailMessage, MailPort } from '../../runtime/ports/mail';

/** The runtime's mail port, plus a way to let go of the SMTP connection at shutdown. */
export interface MailAdapter extends MailPort {
  /** `smtp` sends for real; `outbox` keeps every mail in the outbox_mail table. */
  readonly mode: 'smtp' | 'outbox';
  close(): void;
}

/**
 * With SMTP_URL: sends through nodemailer and records each send. Without it: keeps the mail in the
 * outbox (GET /api/outbox). Either way, a message whose idempotencyKey was already delivered or
 * kept is not delivered again; the first messageId is returned.
 */
export function createMailAdapter(options: {
  db: Database;
  smtpUrl: string | undefined;
  from: string;
}): MailAdapter {
  const { db, from } = options;
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  const domain = addressDomain(from);

  async function findByKey(key: string | undefined): Promise<OutboxMailModel | null> {
    return key === undefined ? null : db.models.OutboxMail.findOne({ where: { idempotencyKey: key } });
  }

  /** Writes the row; when another send with the same key won the race, returns that one instead. */
  async function insert(
    message: MailMessage,
    status: 'outbox' | 'sending',
  ): Promise<{ row: OutboxMailModel; fresh: boolean }> {
    try {
      const row = await db.models.OutboxMail.create({
        idempotencyKey: message.idempotencyKey ?? null,
        status,
        from,
        to: message.to,
        cc: message.cc ?? [],
        replyTo: message.replyTo ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
        messageId: `<${randomUUID()}@${domain}>`,
      });
      return { row, fresh: true };
    } catch (error) {
      const winner = error instanceof UniqueConstraintError ? await findByKey(message.idempotencyKey) : null;
      if (!winner) throw error;
      return { row: winner, fresh: false };
    }
  }

  async function keep(message: MailMessage): Promise<{ messageId: string }> {
    const existing = await findByKey(message.idempotencyKey);
    if (existing) return { messageId: existing.messageId };
    const { row } = await insert(message, 'outbox');
    return { messageId: row.messageId };
  }

  async function deliver(smtp: Transporter, message: MailMessage): Promise<{ messageId: string }> {
    let row = await findByKey(message.idempotencyKey);
    if (row?.status === 'sent' || row?.status === 'outbox') return { messageId: row.messageId };
    if (!row) {
      const inserted = await insert(message, 'sending');
      if (!inserted.fresh && inserted.row.status === 'sent') return { messageId: inserted.row.messageId };
      row = inserted.row;
    }
    // A row left `sending` or `failed` by an earlier attempt is sent again: a crash mid-send cannot
    // tell whether the server took the mail, and a lost mail is worse than a rare repeat.
    try {
      await smtp.sendMail({
        from,
        to: message.to,
        cc: message.cc,
        replyTo: message.replyTo,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: row.messageId,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await row.update({ status: 'failed', error: reason });
      throw smtpError(error, reason);
    }
    await row.update({ status: 'sent', error: null });
    return { messageId: row.messageId };
  }

  return {
    mode: transport ? 'smtp' : 'outbox',
    send: (message) => (transport ? deliver(transport, message) : keep(message)),
    close: () => transport?.close(),
  };
}

/** SMTP 5xx answers (bad address, refused) will not improve on retry; everything else may. */
function smtpError(error: unknown, reason: string): NodeError {
  const responseCode =
    typeof error === 'object' &&
    error !== null &&
    'responseCode' in error &&
    typeof error.responseCode === 'number'
      ? error.responseCode
      : undefined;
  return new NodeError({
    code: 'mail_send_failed',
    message: { ja: `メールを送信できませんでした: ${reason}`, en: `The mail could not be sent: ${reason}` },
    retryable: responseCode === undefined || responseCode < 500,
    details: { responseCode },
  });
}

/** `Musubi <bot@example.com>` → `example.com`, for message ids. */
function addressDomain(from: string): string {
  const match = /@([^>\s]+)/.exec(from);
  return match?.[1] ?? 'musubi.local';
}

/** What GET /api/outbox shows of a mail. */
export function describeMail(row: OutboxMailModel) {
  return {
    id: row.id,
    status: row.status,
    from: row.from,
    to: row.to,
    cc: row.cc,
    replyTo: row.replyTo,
    subject: row.subject,
    text: row.text,
    html: row.html,
    messageId: row.messageId,
    idempotencyKey: row.idempotencyKey,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}
