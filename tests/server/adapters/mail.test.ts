import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailAdapter } from '../../../server/adapters/mail';
import { NodeError } from '../../../runtime/model/errors';
import { openTempDatabase } from '../support/temp-db';
import type { TempDatabase } from '../support/temp-db';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP receiver on 127.0.0.1 (ephemeral port); `reject` makes it refuse recipients with a 550. */
async function startReceiver(
  options: { reject?: string } = {},
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.reject && address.address === options.reject) {
        const error = Object.assign(new Error('No such user here'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let temp: TempDatabase;
beforeEach(async () => {
  temp = await openTempDatabase();
});
afterEach(async () => {
  await temp.dispose();
});

const message = {
  to: ['customer@example.com'],
  subject: 'お問い合わせありがとうございます',
  text: '担当者よりご連絡します。',
};

describe('mail adapter with SMTP_URL', () => {
  it('delivers through SMTP once per idempotency key, and records the send', async () => {
    const smtp = await startReceiver();
    const mail = createMailAdapter({ db: temp.db, smtpUrl: smtp.url, from: 'Musubi <bot@example.com>' });
    try {
      expect(mail.mode).toBe('smtp');
      const first = await mail.send({ ...message, idempotencyKey: 'run-1:mail' });
      const again = await mail.send({ ...message, idempotencyKey: 'run-1:mail' });
      expect(again.messageId).toBe(first.messageId);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatchObject({ from: 'bot@example.com', to: ['customer@example.com'] });
      expect(smtp.received[0]?.raw).toContain(first.messageId);
      expect(smtp.received[0]?.raw).toMatch(/Subject: =\?UTF-8\?/);
      const row = await temp.db.models.OutboxMail.findOne({ where: { idempotencyKey: 'run-1:mail' } });
      expect(row?.status).toBe('sent');
      // Without a key, each send is its own mail.
      await mail.send(message);
      await mail.send(message);
      expect(smtp.received).toHaveLength(3);
    } finally {
      mail.close();
      await smtp.close();
    }
  });

  it('marks a refused recipient as not worth retrying, and a later retry with the key sends again', async () => {
    const smtp = await startReceiver({ reject: 'nobody@example.com' });
    const mail = createMailAdapter({ db: temp.db, smtpUrl: smtp.url, from: 'bot@example.com' });
    try {
      const error = await mail
        .send({ ...message, to: ['nobody@example.com'], idempotencyKey: 'k1' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeError);
      expect(error).toMatchObject({ code: 'mail_send_failed', retryable: false });
      expect((await temp.db.models.OutboxMail.findOne({ where: { idempotencyKey: 'k1' } }))?.status).toBe(
        'failed',
      );
      await mail.send({ ...message, idempotencyKey: 'k1' });
      expect(smtp.received).toHaveLength(1);
      expect((await temp.db.models.OutboxMail.findOne({ where: { idempotencyKey: 'k1' } }))?.status).toBe(
        'sent',
      );
    } finally {
      mail.close();
      await smtp.close();
    }
  });

  it('reports an unreachable server as retryable', async () => {
    const smtp = await startReceiver();
    await smtp.close();
    const mail = createMailAdapter({ db: temp.db, smtpUrl: smtp.url, from: 'bot@example.com' });
    const error = await mail.send(message).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'mail_send_failed', retryable: true });
    mail.close();
  });
});

describe('mail adapter without SMTP_URL', () => {
  it('keeps each mail in the outbox, once per idempotency key', async () => {
    const mail = createMailAdapter({ db: temp.db, smtpUrl: undefined, from: 'Musubi <musubi@127.0.0.1>' });
    expect(mail.mode).toBe('outbox');
    const first = await mail.send({ ...message, cc: ['boss@example.com'], idempotencyKey: 'k' });
    const again = await mail.send({ ...message, idempotencyKey: 'k' });
    expect(again).toEqual(first);
    const rows = await temp.db.models.OutboxMail.findAll();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'outbox',
      subject: message.subject,
      to: message.to,
      cc: ['boss@example.com'],
    });
  });

  it('keeps one mail when two sends with the same key race', async () => {
    const mail = createMailAdapter({ db: temp.db, smtpUrl: undefined, from: 'bot@example.com' });
    const results = await Promise.all([1, 2, 3].map(() => mail.send({ ...message, idempotencyKey: 'race' })));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(await temp.db.models.OutboxMail.count()).toBe(1);
  });
});
