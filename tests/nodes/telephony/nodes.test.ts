import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTodoNode } from '../../../nodes/tasks/create-todo';
import { callMemo, callSubject } from '../../../nodes/telephony/format';
import { logCallNode } from '../../../nodes/telephony/log-call';
import { NodeError } from '../../../runtime/model/errors';
import type { NodeDefinition, NodeResult } from '../../../runtime/model/node-definition';
import { createTelephonyAdapter } from '../../../server/telephony/adapter';
import { callPayload, receiveCall } from '../../../server/telephony/calls';
import type { CallEventInput } from '../../../server/telephony/calls';
import { openTempDatabase } from '../../server/support/temp-db';
import type { TempDatabase } from '../../server/support/temp-db';
import { makeContext } from '../context';

let temp: TempDatabase;

beforeEach(async () => {
  temp = await openTempDatabase();
  await temp.db.models.Connection.create({
    id: 'pbx',
    type: 'telephony',
    name: 'PBX',
    status: 'enabled',
    settings: {},
  });
});
afterEach(async () => {
  await temp.dispose();
});

const BASE: CallEventInput = {
  callId: 'c-1',
  direction: 'outbound',
  from: '+81 50 0000 0000',
  to: '090-1234-5678',
  startedAt: '2026-11-22T00:05:00Z',
  answered: true,
  durationSec: 61,
  recordingUrls: ['https://pbx.example.jp/r/1.mp3'],
  voicemailUrl: 'https://pbx.example.jp/vm/1.mp3',
};

async function call(input: Partial<CallEventInput> = {}) {
  const { row } = await receiveCall({ db: temp.db, connectionId: 'pbx', input: { ...BASE, ...input } });
  return callPayload(row);
}

async function record(module: 'contacts' | 'leads' | 'companies', name: string, phone = '09012345678') {
  const id = randomUUID();
  await temp.db.models.CrmRecord.create({ id, module, name, phone, phoneE164: `+81${phone.slice(1)}` });
  return id;
}

async function run(
  node: NodeDefinition,
  config: Record<string, unknown>,
  trigger: unknown = {},
): Promise<NodeResult> {
  return node.run(
    makeContext({ config, trigger, ports: { telephony: createTelephonyAdapter({ db: temp.db }) } }),
  );
}

const tasks = () =>
  temp.db.models.CrmRecord.findAll({ where: { module: 'tasks' }, order: [['createdAt', 'ASC']] });

describe('call subject and memo', () => {
  it('rounds minutes up and names the direction in both languages', () => {
    expect(callSubject({ direction: 'outbound', durationSec: 61 }, 'ja')).toBe('通話 - 発信 / (2)分');
    expect(callSubject({ direction: 'inbound', durationSec: 60 }, 'en')).toBe('Call - Inbound / (1) min');
  });

  it('lists direction, seconds, local date, recordings and voicemail', async () => {
    const memo = callMemo(await call(), { language: 'en', timeZone: 'Asia/Tokyo' });
    expect(memo.split('\n')).toEqual([
      'Direction: Outbound',
      'Duration: 61 s',
      'Date: 2026-11-22 09:05',
      'Recording: https://pbx.example.jp/r/1.mp3',
      'Voicemail: https://pbx.example.jp/vm/1.mp3',
    ]);
  });
});

describe('telephony.log_call', () => {
  it('logs one completed to-do for a single matching contact', async () => {
    const contactId = await record('contacts', '佐藤');
    const result = await run(logCallNode, {}, await call());
    expect(result.branch).toBe('logged');
    const [task] = await tasks();
    expect(task).toMatchObject({ name: '通話 - 発信 / (2)分', status: 'done', contactId });
    const stored = await temp.db.models.TelephonyCall.findOne({ where: { callId: 'c-1' } });
    expect(stored).toMatchObject({ status: 'logged', taskId: task?.id });
  });

  it('matches in the configured order: leads before contacts', async () => {
    await record('contacts', '佐藤（連絡先）');
    const leadId = await record('leads', '佐藤（見込み客）');
    const result = await run(logCallNode, { matchOrder: ['leads', 'contacts'] }, await call());
    expect(result.output).toMatchObject({ match: { module: 'leads', id: leadId } });
  });

  it('falls back to companies and reports no_match when nothing has the number', async () => {
    const companyId = await record('companies', '佐藤商事');
    expect((await run(logCallNode, {}, await call())).output).toMatchObject({
      match: { module: 'companies', id: companyId },
    });
    const unknown = await run(logCallNode, {}, await call({ callId: 'c-2', to: '080-9999-9999' }));
    expect(unknown.branch).toBe('no_match');
    expect(await temp.db.models.TelephonyCall.findOne({ where: { callId: 'c-2' } })).toMatchObject({
      status: 'no_match',
    });
  });

  it('logs an unmatched call without a contact when asked to', async () => {
    const result = await run(logCallNode, { logUnmatched: true }, await call());
    expect(result.branch).toBe('logged');
    const [task] = await tasks();
    expect(task?.contactId).toBeNull();
  });

  it('hands several matches on as candidates and logs nothing', async () => {
    await record('contacts', '佐藤 一郎');
    await record('contacts', '佐藤 二郎');
    const result = await run(logCallNode, {}, await call());
    expect(result.branch).toBe('multiple_matches');
    expect(
      (result.output as { candidates: Array<{ name: string }> }).candidates.map((c) => c.name).sort(),
    ).toEqual(['佐藤 一郎', '佐藤 二郎']);
    expect(await tasks()).toHaveLength(0);
  });

  it('does not log internal or missed calls', async () => {
    await record('contacts', '佐藤');
    expect((await run(logCallNode, {}, await call({ direction: 'internal' }))).branch).toBe(
      'skipped_internal',
    );
    expect(
      (await run(logCallNode, {}, await call({ callId: 'c-3', answered: false, durationSec: 0 }))).branch,
    ).toBe('skipped_missed');
    expect(await tasks()).toHaveLength(0);
  });

  it('fails, saying where it belongs, without a call to log', async () => {
    const error = await Promise.resolve(run(logCallNode, {}, { something: 'else' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toContain('Call ended');
  });
});

describe('tasks.create_todo', () => {
  it('creates an open "next steps" to-do without a call', async () => {
    const contactId = await record('contacts', '佐藤');
    const result = await run(createTodoNode, {
      subject: '見積書を送る',
      memo: '来週まで',
      contactId,
      dueDate: '2026/12/1',
    });
    expect(result.output).toMatchObject({ status: 'open' });
    const [task] = await tasks();
    expect(task).toMatchObject({
      name: '見積書を送る',
      status: 'open',
      contactId,
      relatedModule: 'contacts',
    });
    expect(task?.dueAt?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('a note taken during a call becomes that call’s one completed to-do when it ends', async () => {
    await record('contacts', '佐藤');
    const during = await run(createTodoNode, {
      subject: '折り返し希望',
      memo: '午後に再度連絡',
      callId: 'c-1',
    });
    expect(during.output).toMatchObject({ status: 'open' });
    await run(logCallNode, {}, await call());
    const all = await tasks();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: '折り返し希望', status: 'done' });
    expect(String(all[0]?.fields.description)).toMatch(/^午後に再度連絡\n\n種別: 発信/);
  });

  it('saved after the call ended, it edits the call’s completed to-do', async () => {
    await record('contacts', '佐藤');
    await run(logCallNode, {}, await call());
    const after = await run(createTodoNode, { subject: '見積依頼', memo: '金額を確認', callId: 'c-1' });
    expect(after.output).toMatchObject({ status: 'done' });
    const all = await tasks();
    expect(all).toHaveLength(1);
    expect(all[0]?.name).toBe('見積依頼');
    expect(String(all[0]?.fields.description)).toContain('通話時間: 61秒');
  });

  it('fails naming the subject when it is empty', async () => {
    const error = await Promise.resolve(run(createTodoNode, { subject: '  ' })).catch((e: unknown) => e);
    expect((error as NodeError).details).toEqual({ field: 'subject' });
  });
});
