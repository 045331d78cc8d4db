import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KintoneClient } from '../../../server/kintone/client';
import { clientForConnection } from '../../../server/kintone/connection';
import { KintoneSyncRunner, STALE_RUNNING_MS } from '../../../server/kintone/runner';
import { createCustomerSync, runCustomerSync } from '../../../server/kintone/sync';
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

interface SyncView {
  id: string;
  status: string;
  running: boolean;
  phase: string;
  progress: { done: number; total: number; percent: number; fetched: number; pages: number };
  report: { created: number; updated: number; skipped: Record<string, number> };
}

describe('kintone sync progress', () => {
  it('shows records read, pages and the imported share while the first import runs, then the report', async () => {
    seedCustomers(emulator, clock.now(), 3500);
    const connectionId = await connect(TOKENS.customer);
    // Two pages go through, the third waits: the sync is caught between pages.
    emulator.holdReadsAfter(2);
    const created = await request(t.app)
      .post('/api/kintone/syncs')
      .set(auth())
      .send({ connectionId, customer: CUSTOMER_MAPPING })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await expect.poll(() => emulator.heldReads(), { timeout: 20_000 }).toBe(1);
    const midway = (await request(t.app).get(`/api/kintone/syncs/${id}`).set(auth()).expect(200))
      .body as SyncView;
    expect(midway).toMatchObject({ status: 'running', running: true, phase: 'initial' });
    expect(midway.progress).toMatchObject({ fetched: 1000, pages: 2, total: 3000 });
    expect(midway.progress.done).toBe(900);
    expect(midway.progress.percent).toBe(30);
    const listed = (
      await request(t.app).get(`/api/kintone/syncs?connectionId=${connectionId}`).set(auth()).expect(200)
    ).body as { items: SyncView[] };
    expect(listed.items.map((item) => item.id)).toEqual([id]);
    // A second start while it runs is refused.
    await request(t.app).post(`/api/kintone/syncs/${id}/run`).set(auth()).expect(409);

    emulator.release();
    let done: SyncView | undefined;
    await expect
      .poll(
        async () => {
          done = (await request(t.app).get(`/api/kintone/syncs/${id}`).set(auth())).body as SyncView;
          return done.running;
        },
        { timeout: 20_000 },
      )
      .toBe(false);
    expect(done).toMatchObject({
      status: 'idle',
      phase: 'incremental',
      progress: { done: 3000, total: 3000, percent: 100 },
      report: { created: 3000, updated: 0 },
    });
    expect(done?.progress.pages).toBe(7);
    expect(done?.report.skipped.no_phone).toBe(334);
  });

  it('a sync left running by a stopped process resumes on the schedule from its saved page', async () => {
    seedCustomers(emulator, clock.now(), 3500);
    const connectionId = await connect(TOKENS.customer);
    const found = await clientForConnection({ db: t.db, secretKey: t.config.secretKey, connectionId });
    if (!found) throw new Error('no client');
    const sync = await createCustomerSync({
      db: t.db,
      client: found.client,
      connectionId,
      settings: { customer: CUSTOMER_MAPPING },
    });
    // The process stops after three pages: the row still says `running`, with its cursor saved.
    let calls = 0;
    const stopping: KintoneClient = {
      request: async (method, path, body) => {
        calls += 1;
        if (calls === 5) throw new Error('process stopped');
        return found.client.request(method, path, body);
      },
    };
    await expect(
      runCustomerSync({ db: t.db, client: stopping, syncId: sync.id, now: clock.now() }),
    ).rejects.toThrow('process stopped');
    await sync.reload();
    await sync.update({ status: 'running' });
    expect(sync.progressDone).toBe(1350);

    const stampedAt = sync.updatedAt.getTime();
    const soon = new KintoneSyncRunner({
      db: t.db,
      secretKey: t.config.secretKey,
      clock: new VirtualClock(stampedAt + 60_000),
      logger: silentLogger,
      client: { sleep: async () => {} },
    });
    expect(await soon.runDue()).toEqual([]);
    const later = new KintoneSyncRunner({
      db: t.db,
      secretKey: t.config.secretKey,
      clock: new VirtualClock(stampedAt + STALE_RUNNING_MS + 60_000),
      logger: silentLogger,
      client: { sleep: async () => {} },
    });
    expect(await later.runDue()).toEqual([sync.id]);
    await sync.reload();
    expect(sync).toMatchObject({ status: 'idle', phase: 'incremental', progressDone: 3000 });
    expect(await t.db.models.CrmRecord.count({ where: { module: 'contacts' } })).toBe(3000);
  });
});

describe('kintone app template', () => {
  it("builds apps whose fields the sync form's default codes map without a problem", async () => {
    const res = await request(t.app).get('/api/kintone/template').set(auth()).expect(200);
    expect(res.headers['content-disposition']).toContain('musubi-kintone-apps.json');
    const template = res.body as {
      apps: Array<{
        key: string;
        properties: Record<
          string,
          { type: string; code: string; label: string; required?: boolean; unique?: boolean }
        >;
      }>;
    };
    // The template's apps as kintone would hold them once created through the form API.
    const [customers, history] = template.apps;
    emulator.addApp({ id: '11', fields: Object.values(customers?.properties ?? {}) });
    emulator.addApp({ id: '12', fields: Object.values(history?.properties ?? {}) });
    emulator.addToken({ token: 'tpl-c', appId: '11', permissions: { view: true, add: true, edit: true } });
    emulator.addToken({ token: 'tpl-h', appId: '12', permissions: { view: true, add: true } });
    const connectionId = await connect('tpl-c,tpl-h');
    const checked = await request(t.app)
      .post('/api/kintone/syncs/validate')
      .set(auth())
      .send({
        connectionId,
        customer: { ...CUSTOMER_MAPPING, appId: '11' },
        callHistory: {
          appId: '12',
          fields: {
            phone: '電話番号',
            direction: '発着信',
            startedAt: '開始日時',
            durationSec: '通話秒数',
            recordings: '録音URL',
            user: '担当者',
            callId: '通話ID',
          },
          events: ['inbound', 'outbound'],
        },
      })
      .expect(200);
    expect(checked.body).toMatchObject({ ok: true, problems: [], updatedTimeField: '更新日時' });
  });

  it('refuses a Link field for the recording URLs of the call-history app', async () => {
    const connectionId = await connect(`${TOKENS.customer},tok-history-view`);
    emulator.addToken({ token: 'tok-history-view', appId: '2', permissions: { view: true, add: true } });
    const checked = await request(t.app)
      .post('/api/kintone/syncs/validate')
      .set(auth())
      .set('accept-language', 'en')
      .send({
        connectionId,
        customer: CUSTOMER_MAPPING,
        callHistory: { appId: '2', fields: { phone: '電話番号', recordings: '録音リンク' } },
      })
      .expect(200);
    expect(checked.body).toMatchObject({
      ok: false,
      problems: [{ code: 'wrong_type', field: 'callHistory.recordings' }],
    });
  });
});

describe('kintone sync stop notice', () => {
  it('mails the admins once when a sync stops, and again only after it ran well in between', async () => {
    seedCustomers(emulator, clock.now(), 300);
    const connectionId = await connect(TOKENS.customer);
    const found = await clientForConnection({ db: t.db, secretKey: t.config.secretKey, connectionId });
    if (!found) throw new Error('no client');
    const sync = await createCustomerSync({
      db: t.db,
      client: found.client,
      connectionId,
      settings: { customer: CUSTOMER_MAPPING },
    });
    const sent: Array<{ to: string[]; subject: string; text: string }> = [];
    const notifying = new KintoneSyncRunner({
      db: t.db,
      secretKey: t.config.secretKey,
      clock,
      logger: silentLogger,
      client: { sleep: async () => {} },
      notify: {
        publicUrl: 'https://musubi.example.jp',
        mail: {
          send: async (message) => {
            sent.push(message);
            return { messageId: String(sent.length) };
          },
        },
      },
    });

    await request(t.app).post(`/api/connections/${connectionId}/disable`).set(auth()).expect(200);
    await notifying.start(sync.id);
    await notifying.start(sync.id);
    expect(sent).toHaveLength(1);
    const admins = await t.db.models.User.findAll({ where: { role: 'admin' } });
    expect(sent[0]?.to).toEqual(expect.arrayContaining(admins.map((user) => user.email)));
    expect(sent[0]?.text).toContain('switched off');
    expect(sent[0]?.text).toContain('https://musubi.example.jp/#/settings');

    await request(t.app).post(`/api/connections/${connectionId}/enable`).set(auth()).expect(200);
    await notifying.start(sync.id);
    await sync.reload();
    expect(sync.status).toBe('idle');
    // kintone now refuses the token's view permission: the next pass stops, and says so once.
    emulator.failNext(2, { status: 403, code: 'CB_NO02' });
    await notifying.start(sync.id);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.subject).toContain('kintone sync stopped');
  });
});
