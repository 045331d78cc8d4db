import request from 'supertest';
import type { Response } from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { SENTINELS, sharingFixture } from './support';
import type { SharingFixture } from './support';

let f: SharingFixture;
let auth: string;
/** Every answer of the public side, to be searched for planted values. */
let publicResponses: Response[];

beforeEach(async () => {
  f = await sharingFixture();
  const { token } = await f.t.userWithToken('editor');
  await f.t.db.models.User.update({ externalSharing: true }, { where: {} });
  auth = `Bearer ${token}`;
  publicResponses = [];
});
afterEach(async () => {
  for (const res of publicResponses) {
    const bytes = `${JSON.stringify(res.headers)}\n${res.text}`;
    for (const sentinel of Object.values(SENTINELS)) expect(bytes).not.toContain(sentinel);
  }
  await f.t.dispose();
});

const api = () => request(f.t.app);

async function visit(path: string, cookie?: string): Promise<Response> {
  const req = api().get(path).set('Accept-Language', 'ja');
  const res = await (cookie ? req.set('Cookie', cookie) : req);
  publicResponses.push(res);
  return res;
}

async function post(path: string, form: Record<string, string>): Promise<Response> {
  const res = await api().post(path).type('form').send(form);
  publicResponses.push(res);
  return res;
}

async function enable(settings: Record<string, unknown>): Promise<void> {
  await api().post(`/api/pipelines/${f.pipelineId}/sharing/enable`).set('Authorization', auth).expect(200);
  await api()
    .put(`/api/pipelines/${f.pipelineId}/sharing`)
    .set('Authorization', auth)
    .send(settings)
    .expect(200);
}

async function share(recordId: string): Promise<{ url: string; path: string }> {
  const res = await api().post('/api/shares').set('Authorization', auth).send({ recordId }).expect(201);
  const url: string = res.body.url;
  return { url, path: new URL(url).pathname };
}

const openPermissions = (f: SharingFixture) => ({
  fields: ['number', 'name', 'stageId', 'priority', 'custom.order_no'],
  stageIds: [f.stages.open, f.stages.progress, f.stages.done],
  access: 'open',
  orgName: 'ムスビ <サポート>',
  pageTitle: 'お問い合わせ状況',
});

/** The code of the one mail that arrived since the last call (ids, since times may tie). */
const seenMail = new Set<string>();
async function latestCode(): Promise<string> {
  const fresh = (await f.t.db.models.OutboxMail.findAll()).filter((mail) => !seenMail.has(mail.id));
  expect(fresh).toHaveLength(1);
  const mail = fresh[0];
  if (mail) seenMail.add(mail.id);
  const code = /(\d{6})/.exec(mail?.text ?? '')?.[1];
  if (!code) throw new Error('no code mailed');
  return code;
}

describe('sharing API permission', () => {
  it('answers 403 to a user without the external sharing permission', async () => {
    const { token } = await f.t.userWithToken('admin');
    const outsider = `Bearer ${token}`;
    await api().post('/api/shares').set('Authorization', outsider).send({ recordId: f.ticketId }).expect(403);
    await api().get('/api/shares').set('Authorization', outsider).expect(403);
    await api().get(`/api/pipelines/${f.pipelineId}/sharing`).set('Authorization', outsider).expect(403);
    await api()
      .post(`/api/pipelines/${f.pipelineId}/sharing/enable`)
      .set('Authorization', outsider)
      .expect(403);
    await api().delete(`/api/shares/records/${f.ticketId}`).set('Authorization', outsider).expect(403);
  });

  it('refuses to share while the pipeline has sharing off', async () => {
    const res = await api()
      .post('/api/shares')
      .set('Authorization', auth)
      .send({ recordId: f.ticketId })
      .expect(409);
    expect(res.body.error.code).toBe('sharing_disabled');
  });
});

describe('open-access share page', () => {
  it('shows exactly the permitted fields, with strict headers, escaped', async () => {
    await enable(openPermissions(f));
    const { url, path } = await share(f.ticketId);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{43}$/);
    const res = await visit(path);
    expect(res.status).toBe(200);
    expect(res.text).toContain('ログインできない');
    expect(res.text).toContain('A-1001');
    expect(res.text).toContain('受付');
    expect(res.text).toContain('ムスビ &lt;サポート&gt;');
    expect(res.text).not.toContain('ムスビ <サポート>');
    expect(res.text).not.toContain('<script');
    expect(res.text).not.toContain('山田');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-robots-tag']).toMatch(/noindex/);
    expect(res.headers['cache-control']).toBe('no-store');
    const stored = await f.t.db.models.ShareLink.findAll();
    expect(stored.map((link) => link.tokenHash)).not.toContain(path.slice(3));
    const english = await visit(`${path}?lang=en`);
    expect(english.text).toContain('Current status');
    expect(english.text).toContain('href="/s/');
  });

  it('shows the current stage on every load, a hidden stage as the last permitted one reached', async () => {
    await enable(openPermissions(f));
    const { path } = await share(f.ticketId);
    const move = (stageId: string) =>
      f.records.moveStage({ module: 'tickets', id: f.ticketId, stageId, actor: SYSTEM_ACTOR });
    f.clock.advance(60_000);
    await move(f.stages.progress);
    expect((await visit(path)).text).toMatch(/id="stage">対応中</);
    f.clock.advance(60_000);
    await move(f.stages.hidden);
    const hidden = await visit(path);
    expect(hidden.text).toMatch(/id="stage">対応中</);
    f.clock.advance(60_000);
    await move(f.stages.done);
    const done = await visit(path);
    expect(done.text).toMatch(/id="stage">完了</);
    const history = /<section id="history">(.*?)<\/section>/s.exec(done.text)?.[1] ?? '';
    expect(history.match(/<li>/g)).toHaveLength(3);
  });

  it('leaves the history out when hidden', async () => {
    await enable({ ...openPermissions(f), hideHistory: true });
    const { path } = await share(f.ticketId);
    expect((await visit(path)).text).not.toContain('id="history"');
  });

  it('keeps one active link per record; unshare answers 410 at once; re-share makes a new link', async () => {
    await enable(openPermissions(f));
    const first = await share(f.ticketId);
    const again = await api().post('/api/shares').set('Authorization', auth).send({ recordId: f.ticketId });
    expect(again.status).toBe(409);
    const listed = await api().get('/api/shares').set('Authorization', auth).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        recordId: f.ticketId,
        recordName: 'ログインできない',
        sharedByLabel: expect.any(String),
      }),
    ]);
    await api().delete(`/api/shares/records/${f.ticketId}`).set('Authorization', auth).expect(204);
    const gone = await visit(first.path);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('このページは利用できません');
    expect((await api().get('/api/shares').set('Authorization', auth)).body.items).toEqual([]);
    await api().delete(`/api/shares/records/${f.ticketId}`).set('Authorization', auth).expect(404);
    const second = await share(f.ticketId);
    expect(second.path).not.toBe(first.path);
    expect((await visit(second.path)).status).toBe(200);
    expect((await visit(first.path)).status).toBe(410);
  });

  it('revokes every link when sharing is switched off, and revives none when switched on', async () => {
    await enable(openPermissions(f));
    const a = await share(f.ticketId);
    const b = await share(f.otherTicketId);
    const off = await api()
      .post(`/api/pipelines/${f.pipelineId}/sharing/disable`)
      .set('Authorization', auth)
      .expect(200);
    expect(off.body.revoked).toBe(2);
    expect((await visit(a.path)).status).toBe(410);
    expect((await visit(b.path)).status).toBe(410);
    await api().post(`/api/pipelines/${f.pipelineId}/sharing/enable`).set('Authorization', auth).expect(200);
    expect((await visit(a.path)).status).toBe(410);
    expect((await visit(b.path)).status).toBe(410);
    expect((await visit('/s/not-a-token')).status).toBe(404);
  });

  it('leaves contact details out while access is open', async () => {
    await enable({ ...openPermissions(f), fields: ['name', 'contactId'], contactFields: ['name', 'phone'] });
    const settings = await api().get(`/api/pipelines/${f.pipelineId}/sharing`).set('Authorization', auth);
    expect(settings.body.contactFieldsAvailable).toBe(false);
    const { path } = await share(f.ticketId);
    expect((await visit(path)).text).not.toContain('山田');
  });

  it('checks the logo type by its bytes and its size', async () => {
    await enable(openPermissions(f));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const logo = (body: Buffer) =>
      api()
        .put(`/api/pipelines/${f.pipelineId}/sharing/logo`)
        .set('Authorization', auth)
        .set('Content-Type', 'application/octet-stream')
        .send(body);
    expect((await logo(Buffer.from('<svg onload="alert(1)"/>'))).status).toBe(415);
    expect((await logo(Buffer.concat([png, Buffer.alloc(300 * 1024)]))).status).toBe(413);
    expect((await logo(png)).status).toBe(200);
    const { path } = await share(f.ticketId);
    expect((await visit(path)).text).toContain(`<img src="${path}/logo"`);
    const image = await visit(`${path}/logo`);
    expect(image.headers['content-type']).toBe('image/png');
  });
});

describe('OTP access', () => {
  const otpPermissions = (f: SharingFixture) => ({
    ...openPermissions(f),
    access: 'otp',
    fields: ['name', 'stageId', 'contactId'],
    contactFields: ['name'],
  });

  it('is the default and shows nothing of the record before the code', async () => {
    await api().post(`/api/pipelines/${f.pipelineId}/sharing/enable`).set('Authorization', auth).expect(200);
    const { path } = await share(f.ticketId);
    const gate = await visit(path);
    expect(gate.status).toBe(200);
    expect(gate.text).toContain('t***@example.com');
    expect(gate.text).not.toContain('ログインできない');
    expect(gate.text).not.toContain('受付');
  });

  it('grants the page with the mailed code, by a cookie scoped to the link for 24 hours', async () => {
    await enable(otpPermissions(f));
    const { path } = await share(f.ticketId);
    const sent = await post(`${path}/code`, { lang: 'en' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('We sent a code to t***@example.com');
    const verified = await post(`${path}/verify`, { code: await latestCode(), lang: 'ja' });
    expect(verified.status).toBe(303);
    const cookie = String(verified.headers['set-cookie']);
    expect(cookie).toContain(`Path=${path}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=86400');
    const pair = cookie.split(';')[0] ?? '';
    const page = await visit(path, pair);
    expect(page.text).toContain('ログインできない');
    expect(page.text).toContain('山田 太郎');
    f.clock.advance(24 * 60 * 60_000 + 1000);
    expect((await visit(path, pair)).text).not.toContain('ログインできない');
  });

  it('locks the link after five wrong codes; the sixth try is refused even when right', async () => {
    await enable(otpPermissions(f));
    const { path } = await share(f.ticketId);
    await post(`${path}/code`, {});
    const code = await latestCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i += 1) expect((await post(`${path}/verify`, { code: wrong })).status).toBe(401);
    expect((await post(`${path}/verify`, { code: wrong })).status).toBe(423);
    const sixth = await post(`${path}/verify`, { code });
    expect(sixth.status).toBe(423);
    expect(sixth.headers['set-cookie']).toBeUndefined();
    expect((await post(`${path}/code`, {})).status).toBe(429);
    f.clock.advance(15 * 60_000);
    expect((await post(`${path}/code`, {})).status).toBe(200);
    expect((await post(`${path}/verify`, { code: await latestCode() })).status).toBe(303);
  });

  it('refuses a code mailed for another link', async () => {
    await enable(otpPermissions(f));
    const a = await share(f.ticketId);
    const b = await share(f.otherTicketId);
    await post(`${b.path}/code`, {});
    const codeOfB = await latestCode();
    await post(`${a.path}/code`, {});
    const res = await post(`${a.path}/verify`, { code: codeOfB });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses an expired code and a resend within 60 seconds', async () => {
    await enable(otpPermissions(f));
    const { path } = await share(f.ticketId);
    await post(`${path}/code`, {});
    const code = await latestCode();
    f.clock.advance(30_000);
    const early = await post(`${path}/code`, { lang: 'en' });
    expect(early.status).toBe(429);
    expect(early.text).toContain('wait 30 seconds');
    f.clock.advance(10 * 60_000);
    const res = await post(`${path}/verify`, { code, lang: 'en' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('expired');
  });
});
