import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KintoneSyncRunner } from '../../../server/kintone/runner';
import { silentLogger } from '../../../runtime/ports/logger';
import { VirtualClock } from '../../support/virtual-clock';
import {
  CUSTOMER_MAPPING,
  minutesAgo,
  seedCustomers,
  setUpApps,
  TOKENS,
} from '../../emulators/kintone/fixtures';
import { startKintoneEmulator } from '../../emulators/kintone/server';
import type { KintoneEmulator } from '../../emulators/kintone/server';
import { createTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let emulator: KintoneEmulator;
let admin: string;
let clock: VirtualClock;
let runner: KintoneSyncRunner;

async function start(options: { basicAuth?: { user: string; password: string } } = {}) {
  emulator = await startKintoneEmulator({ now: () => clock.now(), ...options });
  setUpApps(emulator);
}

beforeEach(async () => {
  clock = new VirtualClock(Date.parse('2026-11-22T00:00:00Z'));
  t = await createTestApp({ clock });
  admin = (await t.userWithToken('admin')).token;
  await start();
  runner = new KintoneSyncRunner({
    db: t.db,
    secretKey: t.config.secretKey,
    clock,
    logger: silentLogger,
    client: { sleep: async () => {} },
  });
});
afterEach(async () => {
  await emulator.close();
  await t.dispose();
});

const auth = () => ({ authorization: `Bearer ${admin}` });

async function connect(tokens: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await request(t.app)
    .post('/api/kintone/connections')
    .set(auth())
    .send({ name: 'kintone', domain: emulator.url, appId: '1', tokens, ...extra })
    .expect(201);
  return (res.body as { id: string }).id;
}

describe('kintone connections', () => {
  it('refuses ten tokens and a domain that is not kintone', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`).join(',');
    const many = await request(t.app)
      .post('/api/kintone/connections')
      .set(auth())
      .send({ name: 'k', domain: emulator.url, tokens: ten })
      .expect(400);
    expect((many.body as { error: { code: string } }).error.code).toBe('too_many_tokens');
    const bad = await request(t.app)
      .post('/api/kintone/connections')
      .set(auth())
      .send({ name: 'k', domain: 'example.com/k', tokens: 'x' })
      .expect(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe('invalid_domain');
  });

  it('the test checks token, app and permissions, naming what is missing', async () => {
    const full = await connect(TOKENS.customer);
    const ok = await request(t.app)
      .post(`/api/kintone/connections/${full}/test`)
      .set(auth())
      .set('accept-language', 'en')
      .send({})
      .expect(200);
    expect(ok.body).toMatchObject({ ok: true, permissions: { view: true, add: true, edit: true } });

    const viewOnly = await connect(TOKENS.viewOnly);
    const partial = await request(t.app)
      .post(`/api/kintone/connections/${viewOnly}/test`)
      .set(auth())
      .set('accept-language', 'en')
      .send({})
      .expect(200);
    expect(partial.body).toMatchObject({
      ok: false,
      code: 'CB_NO02',
      permissions: { view: true, add: false, edit: false },
    });
    expect((partial.body as { message: string }).message).toContain('"Add records", "Edit records"');
    const ja = await request(t.app)
      .post(`/api/kintone/connections/${viewOnly}/test`)
      .set(auth())
      .set('accept-language', 'ja')
      .send({})
      .expect(200);
    expect((ja.body as { message: string }).message).toContain('「レコード追加」「レコード編集」');

    const wrongApp = await request(t.app)
      .post(`/api/kintone/connections/${full}/test`)
      .set(auth())
      .set('accept-language', 'en')
      .send({ appId: '2' })
      .expect(200);
    expect(wrongApp.body).toMatchObject({ ok: false, code: 'GAIA_IA02' });
    expect((wrongApp.body as { message: string }).message).toContain('Update app');
  });

  it('behind Basic authentication the test says so until the user and password are given', async () => {
    await emulator.close();
    await start({ basicAuth: { user: 'gate', password: 'secret' } });
    const without = await connect(TOKENS.customer);
    const refused = await request(t.app)
      .post(`/api/kintone/connections/${without}/test`)
      .set(auth())
      .set('accept-language', 'en')
      .send({})
      .expect(200);
    expect(refused.body).toMatchObject({ ok: false, code: 'basic_auth_failed' });
    const withBasic = await connect(TOKENS.customer, { basicUser: 'gate', basicPassword: 'secret' });
    const ok = await request(t.app)
      .post(`/api/kintone/connections/${withBasic}/test`)
      .set(auth())
      .send({})
      .expect(200);
    expect(ok.body).toMatchObject({ ok: true });
  });
});

describe('kintone syncs', () => {
  it('refuses a bad mapping with every problem before anything is written', async () => {
    const connectionId = await connect(TOKENS.customer);
    const body = { connectionId, customer: { appId: '1', fields: { phone: '電話', name: '対応内容' } } };
    const checked = await request(t.app)
      .post('/api/kintone/syncs/validate')
      .set(auth())
      .set('accept-language', 'en')
      .send(body)
      .expect(200);
    expect((checked.body as { problems: Array<{ code: string }> }).problems.map((p) => p.code)).toEqual([
      'unknown_field',
      'subtable_field',
    ]);
    const refused = await request(t.app).post('/api/kintone/syncs').set(auth()).send(body).expect(400);
    expect(
      (refused.body as { error: { code: string; details: { problems: unknown[] } } }).error,
    ).toMatchObject({ code: 'mapping_invalid' });
    expect(await t.db.models.KintoneSync.count()).toBe(0);
    expect(emulator.requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
  });

  it('"Integrate" saves and imports with progress; then the hourly schedule pulls changes', async () => {
    seedCustomers(emulator, clock.now(), 1200);
    const connectionId = await connect(TOKENS.customer);
    const created = await request(t.app)
      .post('/api/kintone/syncs')
      .set(auth())
      .send({ connectionId, customer: CUSTOMER_MAPPING })
      .expect(201);
    const id = (created.body as { id: string }).id;
    // The route's own runner imports in the background; follow it until it is done.
    let state:
      | {
          status: string;
          phase: string;
          progress: { done: number; total: number; percent: number };
          running: boolean;
        }
      | undefined;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const res = await request(t.app).get(`/api/kintone/syncs/${id}`).set(auth()).expect(200);
      state = res.body as typeof state;
      if (state && !state.running && state.phase === 'incremental') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state).toMatchObject({
      status: 'idle',
      phase: 'incremental',
      progress: { done: 1080, total: 1080, percent: 100 },
    });
    expect(await t.db.models.CrmRecord.count({ where: { module: 'contacts' } })).toBe(1080);

    expect(await runner.runDue()).toEqual([]);
    emulator.seed('1', { 顧客名: '新規', 電話番号: '080-1111-2222' }, minutesAgo(clock.now(), -30));
    clock.advance(3_600_000);
    expect(await runner.runDue()).toEqual([id]);
    const after = await t.db.models.KintoneSync.findByPk(id);
    expect(after?.report).toMatchObject({ created: 1, updated: 0 });
    expect(await t.db.models.CrmRecord.count({ where: { module: 'contacts' } })).toBe(1081);
  });
});
