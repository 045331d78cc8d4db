import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { PipelineService } from '../../../server/crm/pipelines';
import { RecordService } from '../../../server/crm/records';
import type { Clock } from '../../../runtime/ports/clock';
import { silentLogger } from '../../../runtime/ports/logger';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

/** A clock the test moves by hand (OTP expiry, locks, resend delay). */
export class ManualClock implements Clock {
  constructor(public current = Date.parse('2026-11-22T09:00:00+09:00')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  /** Real waiting: the engine races async nodes against a sleep for their timeout, so an instant
   * sleep would time every database-backed node out. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
  }
}

/** Values planted in fields the customer must never see; every response is searched for them. */
export const SENTINELS = {
  description: 'SENTINEL-DESCRIPTION-7f3a',
  classification: 'SENTINEL-CLASS-91bd',
  secretCustom: 'SENTINEL-CUSTOM-44c2',
  phone: '+81 90-1111-2222',
  hiddenStage: 'SENTINEL-STAGE-5e8d',
  contactPhone: '03-9999-8888',
} as const;

export interface SharingFixture {
  t: TestApp;
  clock: ManualClock;
  records: RecordService;
  pipelineId: string;
  stages: { open: string; progress: string; hidden: string; done: string };
  ticketId: string;
  otherTicketId: string;
  contactEmail: string;
}

/**
 * A ticket pipeline (受付 → 対応中 → hidden → 完了) with a public and a secret custom field, a
 * contact, and two tickets holding sentinel values in the fields that will not be shared.
 */
export async function sharingFixture(
  options: { env?: Record<string, string> } = {},
): Promise<SharingFixture> {
  const clock = new ManualClock();
  const t = await createTestApp({ clock, ...(options.env ? { env: options.env } : {}) });
  const pipelines = new PipelineService(t.db);
  const pipeline = await pipelines.create({
    module: 'tickets',
    name: 'サポート',
    stages: [{ name: '受付' }, { name: '対応中' }, { name: SENTINELS.hiddenStage }, { name: '完了' }],
    customFields: [
      { key: 'order_no', label: { ja: '注文番号', en: 'Order number' }, type: 'text' },
      { key: 'internal_note', label: { ja: '社内メモ', en: 'Internal note' }, type: 'text' },
    ],
  });
  const [open, progress, hidden, done] = pipeline.stages.map((stage) => stage.id);
  if (!open || !progress || !hidden || !done) throw new Error('pipeline stages missing');
  const records = new RecordService({ db: t.db, clock, logger: silentLogger });
  const contactEmail = 'taro@example.com';
  const contact = await records.create({
    module: 'contacts',
    input: { name: '山田 太郎', email: contactEmail, phone: SENTINELS.contactPhone, company: '山田商店' },
    actor: SYSTEM_ACTOR,
  });
  const ticket = (name: string) =>
    records.create({
      module: 'tickets',
      input: {
        name,
        pipelineId: pipeline.id,
        stageId: open,
        contactId: contact.id,
        description: SENTINELS.description,
        classification: SENTINELS.classification,
        phone: SENTINELS.phone,
        customFields: { order_no: 'A-1001', internal_note: SENTINELS.secretCustom },
      },
      actor: SYSTEM_ACTOR,
    });
  const first = await ticket('ログインできない');
  const second = await ticket('請求書の再発行');
  return {
    t,
    clock,
    records,
    pipelineId: pipeline.id,
    stages: { open, progress, hidden, done },
    ticketId: first.id,
    otherTicketId: second.id,
    contactEmail,
  };
}

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP receiver on 127.0.0.1 (ephemeral port) that keeps every mail. */
export async function startSmtp(): Promise<{
  url: string;
  received: ReceivedMail[];
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}> {
  const received: ReceivedMail[] = [];
  const waiting: Array<(mail: ReceivedMail) => void> = [];
  let taken = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = {
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(mail);
        waiting.shift()?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next mail not yet taken (waits for it to arrive). */
    next: () => {
      const index = taken++;
      const ready = received[index];
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text body of a raw mail (nodemailer sends quoted-printable or base64 for Japanese). */
export function mailText(raw: string): string {
  const [, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding:\s*base64/i.test(raw)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(raw)) {
    const joined = body.replace(/=\r?\n/g, '');
    const bytes = joined.replace(/=([0-9A-F]{2})/gi, (_m: string, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
