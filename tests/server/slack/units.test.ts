import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMapping } from '../../../server/slack/mapping';
import { MAX_BLOCKS, ticketMessage } from '../../../server/slack/messages';
import { parseCommand } from '../../../server/slack/commands';
import { postToResponseUrl } from '../../../server/slack/requests';
import { slackFixture } from './support';
import type { SlackFixture } from './support';

const departments = new Map([
  ['a', 'サポート'],
  ['b', '請求'],
]);

describe('mapping validation', () => {
  it('names the department and both channels when one department goes to two', () => {
    const problems = validateMapping({
      mode: 'per_department',
      departments,
      entries: [
        { departmentId: 'a', channelId: 'C1', channelName: 'support' },
        { departmentId: 'b', channelId: 'C1', channelName: 'support' },
        { departmentId: 'a', channelId: 'C2', channelName: 'escalations' },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'department_in_two_channels',
      departmentId: 'a',
      channels: ['#support', '#escalations'],
    });
    expect(problems[0]?.message.en).toContain('サポート');
  });

  it('accepts several departments sharing a channel, and refuses unknown departments', () => {
    const shared = [
      { departmentId: 'a', channelId: 'C1', channelName: 'support' },
      { departmentId: 'b', channelId: 'C1', channelName: 'support' },
    ];
    expect(validateMapping({ mode: 'per_department', departments, entries: shared })).toEqual([]);
    const unknown = validateMapping({
      mode: 'per_department',
      departments,
      entries: [{ departmentId: 'z', channelId: 'C1', channelName: 'x' }],
    });
    expect(unknown[0]?.code).toBe('unknown_department');
  });

  it('takes exactly one channel in "all departments" mode', () => {
    const two = validateMapping({
      mode: 'all',
      departments,
      entries: [
        { departmentId: '*', channelId: 'C1', channelName: 'support' },
        { departmentId: '*', channelId: 'C2', channelName: 'sales' },
      ],
    });
    expect(two[0]?.code).toBe('one_channel_expected');
  });
});

describe('ticket messages', () => {
  const event = {
    event: 'status_changed' as const,
    previousStatus: '未対応',
    ticket: { id: 't1', number: 42, subject: '<script> & co', status: '対応中', agentName: '太郎' },
  };

  it('writes Block Kit in the workspace language with a text fallback and a link', () => {
    const ja = ticketMessage({ event, language: 'ja', ticketUrl: 'https://m.test/records/tickets/t1' });
    const en = ticketMessage({ event, language: 'en', ticketUrl: 'https://m.test/records/tickets/t1' });
    expect(ja.text).toContain('ステータス変更: 未対応 → 対応中');
    expect(en.text).toContain('Status changed: 未対応 → 対応中');
    expect(ja.text).toContain('https://m.test/records/tickets/t1');
    expect(ja.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(JSON.stringify(ja.blocks)).toContain('&lt;script&gt; &amp; co');
    expect(JSON.stringify(ja.blocks)).toContain('assign_to_me');
  });
});

describe('command parsing', () => {
  it('reads each command, full-width spaces included', () => {
    expect(parseCommand('ticket\u3000#12')).toEqual({ name: 'ticket', number: 12 });
    expect(parseCommand('tickets 対応中')).toEqual({ name: 'tickets', status: '対応中' });
    expect(parseCommand('create 請求書 の 再発行')).toEqual({ name: 'create', subject: '請求書 の 再発行' });
    expect(parseCommand('reply 3 ありがとうございます')).toEqual({
      name: 'reply',
      number: 3,
      text: 'ありがとうございます',
    });
    expect(parseCommand('comment x hi')).toMatchObject({ name: 'invalid' });
    expect(parseCommand('')).toEqual({ name: 'help' });
  });
});

describe('response_url', () => {
  let fixture: SlackFixture;
  beforeAll(async () => {
    fixture = await slackFixture();
  }, 20_000);
  afterAll(async () => {
    await fixture.dispose();
  });

  it('is used at most five times and not after 30 minutes; other hosts are never called', async () => {
    const { service, emulator } = fixture;
    const receiver = emulator.responseUrl();
    const results: boolean[] = [];
    for (let i = 0; i < 6; i += 1)
      results.push(await postToResponseUrl({ service, url: receiver.url, body: { text: `n${i}` } }));
    expect(results).toEqual([true, true, true, true, true, false]);
    expect(receiver.received).toHaveLength(5);

    const late = emulator.responseUrl();
    emulator.advance(31 * 60 * 1000);
    expect(await postToResponseUrl({ service, url: late.url, body: { text: 'late' } })).toBe(false);
    expect(await postToResponseUrl({ service, url: 'http://169.254.169.254/latest', body: {} })).toBe(false);
  });
});

describe('emulator failure injection over HTTP', () => {
  let fixture: SlackFixture;
  beforeAll(async () => {
    fixture = await slackFixture();
  }, 20_000);
  afterAll(async () => {
    await fixture.dispose();
  });

  it('answers the next call with the injected error, then normally again', async () => {
    const { emulator, service, workspace } = fixture;
    await fetch(`${emulator.origin}/_emulator/fail`, {
      method: 'POST',
      body: JSON.stringify({ method: 'auth.test', count: 1, body: { ok: false, error: 'account_inactive' } }),
    });
    expect(await service.callAsBot(workspace.id, 'auth.test', {})).toMatchObject({
      kind: 'error',
      error: 'account_inactive',
    });
    expect(await service.callAsBot(workspace.id, 'auth.test', {})).toMatchObject({ kind: 'ok' });
  });
});
