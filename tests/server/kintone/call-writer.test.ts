import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../runtime/ports/logger';
import { kintoneCallWriter } from '../../../server/kintone/call-writer';
import { VirtualClock } from '../../support/virtual-clock';
import { CUSTOMER_MAPPING, setUpApps, TOKENS } from '../../emulators/kintone/fixtures';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator, StoredRecord } from '../../emulators/kintone/server';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let emulator: KintoneEmulator;
let admin: string;

beforeEach(async () => {
  const clock = new VirtualClock(Date.parse('2026-11-22T00:00:00Z'));
  t = await createTestApp({ clock });
  admin = (await t.userWithToken('admin')).token;
  emulator = await startKintoneEmulator({ now: () => clock.now() });
  setUpApps(emulator);
});
afterEach(async () => {
  await emulator.close();
  await t.dispose();
});

const auth = () => ({ authorization: `Bearer ${admin}` });
const records = (appId: string): StoredRecord[] => [...(emulator.apps.get(appId)?.records.values() ?? [])];

const HISTORY = {
  appId: '2',
  fields: {
    phone: '電話番号',
    direction: '発着信',
    startedAt: '開始日時',
    durationSec: '通話秒数',
    recordings: '録音URL',
    callId: '通話ID',
  },
};

async function setUp(events: string[]): Promise<{ kintoneId: string; phoneToken: string }> {
  const connection = await request(t.app)
    .post('/api/kintone/connections')
    .set(auth())
    .send({
      name: 'kintone',
      domain: emulator.url,
      appId: '1',
      tokens: `${TOKENS.customer},${TOKENS.history}`,
    })
    .expect(201);
  const kintoneId = (connection.body as { id: string }).id;
  await request(t.app)
    .post('/api/kintone/syncs')
    .set(auth())
    .send({
      connectionId: kintoneId,
      customer: CUSTOMER_MAPPING,
      createCustomer: true,
      callHistory: { ...HISTORY, events },
    })
    .expect(201);
  const phone = await request(t.app).post('/api/telephony/connections').set(auth()).send({ name: 'PBX' });
  return { kintoneId, phoneToken: (phone.body as { token: string }).token };
}

function postCall(token: string, call: Record<string, unknown>) {
  return request(t.app)
    .post('/api/telephony/calls')
    .set('x-musubi-telephony-token', token)
    .send({
      direction: 'inbound',
      from: '090-5555-0001',
      to: '+81312345678',
      startedAt: '2026-11-22T09:00:00+09:00',
      answered: true,
      durationSec: 75,
      ...call,
    });
}

describe('kintone call write-out from the sync settings', () => {
  it('writes chosen calls to the call-history app (one record per call id) and creates unknown callers', async () => {
    const { phoneToken } = await setUp(['inbound', 'outbound', 'missed']);
    await postCall(phoneToken, {
      callId: 'c-1',
      recordingUrls: ['https://pbx.example.jp/r/1.mp3', 'https://pbx.example.jp/r/2.mp3'],
    }).expect(201);
    await expect.poll(() => records('2').length, { timeout: 10_000 }).toBe(1);
    expect(records('2')[0]?.values).toMatchObject({
      電話番号: '090-5555-0001',
      発着信: 'inbound',
      通話秒数: '75',
      録音URL: 'https://pbx.example.jp/r/1.mp3 , https://pbx.example.jp/r/2.mp3',
      通話ID: 'c-1',
    });
    // The unknown caller became a kintone customer with only the phone.
    await expect.poll(() => records('1').length, { timeout: 10_000 }).toBe(1);
    expect(records('1')[0]?.values).toMatchObject({ 電話番号: '090-5555-0001' });
    expect(records('1')[0]?.values.顧客名 ?? '').toBe('');

    // A repeat of the call updates its record; the known caller is not created again.
    await postCall(phoneToken, { callId: 'c-1', durationSec: 80 }).expect(200);
    await expect.poll(() => records('2')[0]?.values.通話秒数, { timeout: 10_000 }).toBe('80');
    expect(records('2')).toHaveLength(1);

    // Internal calls and voicemails were not chosen: nothing is written for them.
    await postCall(phoneToken, { callId: 'c-2', direction: 'internal', from: '201', to: '202' }).expect(201);
    await postCall(phoneToken, {
      callId: 'c-3',
      direction: 'outbound',
      from: '+81312345678',
      to: '090-5555-0001',
    }).expect(201);
    await expect.poll(() => records('2').length, { timeout: 10_000 }).toBe(2);
    expect(records('2').map((r) => r.values.通話ID)).toEqual(['c-1', 'c-3']);
    expect(records('1')).toHaveLength(1);
  });

  it('a switched-off kintone connection writes nothing; a refusal is kept as the sync error', async () => {
    const { kintoneId, phoneToken } = await setUp(['inbound', 'missed', 'voicemail']);
    await request(t.app).post(`/api/connections/${kintoneId}/disable`).set(auth()).expect(200);
    // The writer itself, awaited: with the connection off it does not even reach kintone.
    const writer = kintoneCallWriter({ db: t.db, secretKey: t.config.secretKey, logger: silentLogger });
    const before = emulator.requests.length;
    await writer({
      id: 'x',
      connectionId: 'pbx',
      callId: 'off-1',
      direction: 'inbound',
      from: '090-5555-0002',
      to: '+81312345678',
      startedAt: '2026-11-22T00:00:00Z',
      answered: true,
      durationSec: 10,
      recordingUrls: [],
      repeat: false,
    });
    expect(emulator.requests.length).toBe(before);
    await request(t.app).post(`/api/connections/${kintoneId}/enable`).set(auth()).expect(200);
    // The history app refuses the next write (its required phone is fine, the call id repeats a
    // value that a kintone user typed into another record by hand).
    emulator.seed('2', { 電話番号: '000', 通話ID: 'on-1' }, '2026-11-21T00:00:00Z');
    emulator.failNext(1, { status: 400, code: 'CB_VA01' });
    await postCall(phoneToken, {
      callId: 'on-2',
      answered: false,
      durationSec: 0,
      voicemailUrl: 'https://pbx.example.jp/v/1.mp3',
    }).expect(201);
    const syncs = await t.db.models.KintoneSync.findAll();
    await expect
      .poll(async () => (await syncs[0]?.reload())?.lastError ?? '', { timeout: 10_000 })
      .toContain('Call on-2');
    expect(records('2').map((r) => r.values.通話ID)).toEqual(['on-1']);
  });
});
