import { describe, expect, it } from 'vitest';
import { sendMailNode } from '../../../nodes/mail/send';
import { MemoryMail } from '../../../runtime/testing/memory-ports';
import { rejection, run } from '../context';

describe('mail.send', () => {
  it('sends to every address of the list with the step key', async () => {
    const mail = new MemoryMail();
    const result = await run(sendMailNode, {
      config: {
        to: 'a@example.com, b@example.jp;c@example.co.jp',
        cc: 'boss@example.com',
        subject: 'ご注文',
        body: '本文',
      },
      ports: { mail },
    });
    expect(result.branch).toBe('success');
    expect(mail.sent).toHaveLength(1);
    const [sent] = mail.sent;
    expect(sent).toMatchObject({
      to: ['a@example.com', 'b@example.jp', 'c@example.co.jp'],
      cc: ['boss@example.com'],
      subject: 'ご注文',
      text: '本文',
      idempotencyKey: 'run-1:3',
    });
    expect(result.output).toEqual({ messageId: sent?.messageId });
  });

  it('takes a list of addresses a template produced, and full-width text', async () => {
    const mail = new MemoryMail();
    await run(sendMailNode, {
      config: { to: ['x@example.com', 'ｙ＠ｅｘａｍｐｌｅ．ｃｏｍ'], subject: 's', body: 'b' },
      ports: { mail },
    });
    expect(mail.sent[0]?.to).toEqual(['x@example.com', 'y@example.com']);
  });

  it('does not send twice for the same attempt', async () => {
    const mail = new MemoryMail();
    const config = { to: 'a@example.com', subject: 's', body: 'b' };
    const first = await run(sendMailNode, { config, ports: { mail } });
    const second = await run(sendMailNode, { config, ports: { mail } });
    expect(mail.sent).toHaveLength(1);
    expect(second.output).toEqual(first.output);
  });

  it('does not send a second mail when a retry of the same step runs after an ambiguous failure', async () => {
    const mail = new MemoryMail();
    const config = { to: 'a@example.com', subject: 's', body: 'b' };
    const first = await run(sendMailNode, { config, ports: { mail }, attempt: 1 });
    const retried = await run(sendMailNode, { config, ports: { mail }, attempt: 2 });
    expect(mail.sent).toHaveLength(1);
    expect(retried.output).toEqual(first.output);
    const nextStep = await run(sendMailNode, { config, ports: { mail }, runId: 'run-2' });
    expect(mail.sent).toHaveLength(2);
    expect(nextStep.output).not.toEqual(first.output);
  });

  it('refuses an invalid address without retrying, naming it', async () => {
    const mail = new MemoryMail();
    const error = await rejection(
      run(sendMailNode, {
        config: { to: 'ok@example.com, taro@', subject: 's', body: 'b' },
        ports: { mail },
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_address', retryable: false, details: { address: 'taro@' } });
    expect(error.localized?.ja).toContain('taro@');
    expect(mail.sent).toHaveLength(0);
    const cc = await rejection(
      run(sendMailNode, {
        config: { to: 'a@example.com', cc: 'nope', subject: 's', body: 'b' },
        ports: { mail },
      }),
    );
    expect(cc.message).toContain('nope');
  });

  it('refuses an empty recipient list (a template that rendered empty)', async () => {
    const error = await rejection(
      run(sendMailNode, { config: { to: '', subject: 's', body: 'b' }, ports: { mail: new MemoryMail() } }),
    );
    expect(error).toMatchObject({ code: 'no_recipient', retryable: false });
  });

  it('keeps the subject on one line', async () => {
    const mail = new MemoryMail();
    await run(sendMailNode, {
      config: { to: 'a@example.com', subject: 'line1\r\nBcc: evil@example.com', body: 'b' },
      ports: { mail },
    });
    expect(mail.sent[0]?.subject).toBe('line1 Bcc: evil@example.com');
  });

  it('fails clearly when no mail port is configured', async () => {
    const error = await rejection(
      run(sendMailNode, { config: { to: 'a@example.com', subject: 's', body: 'b' } }),
    );
    expect(error.code).toBe('port_missing');
  });
});
