import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, OWNER, ownerAgent } from './support/test-app';
import type { TestApp } from './support/test-app';
import { VirtualClock } from '../support/virtual-clock';

let t: TestApp;
afterEach(async () => {
  await t.dispose();
});

describe('first-run setup', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });

  it('asks for the owner once, creates them with a session, then refuses a second setup', async () => {
    await request(t.app).get('/api/setup').expect(200, { needed: true });
    const res = await request(t.app)
      .post('/api/setup')
      .send({ ...OWNER, name: 'オーナー' })
      .expect(201);
    expect(res.body.user).toMatchObject({
      email: OWNER.email,
      role: 'owner',
      name: 'オーナー',
      externalSharing: true,
    });
    expect(res.body.user.passwordHash).toBeUndefined();
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/musubi_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    await request(t.app).get('/api/setup').expect(200, { needed: false });
    const again = await request(t.app)
      .post('/api/setup')
      .send({ email: 'x@example.com', password: 'password-123' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_done');
  });

  it('refuses a weak password with a 400 that names the field', async () => {
    const res = await request(t.app)
      .post('/api/setup')
      .send({ email: 'a@example.com', password: 'short' })
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'weak_password', details: { field: 'password' } });
  });

  it('stores the password as an scrypt hash, never in clear', async () => {
    await request(t.app).post('/api/setup').send(OWNER).expect(201);
    const user = await t.db.models.User.findOne();
    expect(user?.passwordHash).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(user?.passwordHash).not.toContain(OWNER.password);
  });
});

describe('sessions', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });

  it('logs in, shows me with a CSRF token, and logs out', async () => {
    await request(t.app).post('/api/setup').send(OWNER).expect(201);
    const agent = request.agent(t.app);
    await agent.get('/api/auth/me').expect(401);
    const login = await agent
      .post('/api/auth/login')
      .send({ email: 'OWNER@example.com ', password: OWNER.password })
      .expect(200);
    const csrf: string = login.body.csrfToken;
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ user: { email: OWNER.email }, via: 'session', csrfToken: csrf });
    // The session id is stored hashed: the cookie value is not in the table.
    const cookieValue = /musubi_session=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? '';
    expect(await t.db.models.Session.findByPk(cookieValue)).toBeNull();
    expect(await t.db.models.Session.count()).toBe(2);

    await agent.post('/api/auth/logout').expect(403);
    await agent.post('/api/auth/logout').set('X-CSRF-Token', csrf).expect(204);
    await agent.get('/api/auth/me').expect(401);
    const actions = (await t.db.models.AuditLog.findAll({ order: [['id', 'ASC']] })).map((e) => e.action);
    expect(actions).toEqual(['auth.setup', 'auth.login', 'auth.logout']);
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    await request(t.app).post('/api/setup').send(OWNER).expect(201);
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ email: OWNER.email, password: 'nope-nope' });
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'who@example.com', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('marks the cookie Secure (and __Host-) when PUBLIC_URL is https', async () => {
    await t.dispose();
    t = await createTestApp({ env: { PUBLIC_URL: 'https://musubi.example.com' } });
    const res = await request(t.app).post('/api/setup').send(OWNER).expect(201);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-musubi_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('expires a session after 14 days without use', async () => {
    await t.dispose();
    // Starts at real time: the test agent drops cookies by the real clock.
    const clock = new VirtualClock(Date.now());
    t = await createTestApp({ clock });
    const agent = request.agent(t.app);
    await agent.post('/api/setup').send(OWNER).expect(201);
    clock.advance(13 * 24 * 3600 * 1000);
    // Used after more than half its life: extended, and the cookie re-sent with the new expiry.
    const renewed = await agent.get('/api/auth/me').expect(200);
    expect(String(renewed.headers['set-cookie'])).toMatch(/musubi_session=.*Expires=/);
    const session = await t.db.models.Session.findOne();
    expect(session?.expiresAt.getTime()).toBe(clock.now() + 14 * 24 * 3600 * 1000);
    clock.advance(14 * 24 * 3600 * 1000 + 1);
    await agent.get('/api/auth/me').expect(401);
    expect(await t.db.models.Session.count()).toBe(0);
  });
});

describe('lockout', () => {
  it('locks the account for 15 minutes after 10 wrong passwords, even for the right one', async () => {
    const clock = new VirtualClock(Date.UTC(2025, 0, 1));
    t = await createTestApp({ clock });
    await request(t.app).post('/api/setup').send(OWNER).expect(201);
    for (let i = 0; i < 9; i += 1) {
      await request(t.app)
        .post('/api/auth/login')
        .send({ email: OWNER.email, password: `wrong-${i}` })
        .expect(401);
    }
    const tenth = await request(t.app)
      .post('/api/auth/login')
      .send({ email: OWNER.email, password: 'wrong-10' });
    expect(tenth.status).toBe(423);
    expect(tenth.body.error.code).toBe('account_locked');
    expect(tenth.headers['retry-after']).toBe('900');
    await request(t.app).post('/api/auth/login').send(OWNER).expect(423);
    clock.advance(15 * 60 * 1000 + 1);
    await request(t.app).post('/api/auth/login').send(OWNER).expect(200);
    const audit = await t.db.models.AuditLog.findAll({ where: { action: 'auth.locked' } });
    expect(audit.length).toBeGreaterThan(0);
  }, 30_000);
});

describe('login rate limit', () => {
  it('answers 429 after 20 attempts for one address and e-mail, while another e-mail still gets through', async () => {
    t = await createTestApp();
    await request(t.app).post('/api/setup').send(OWNER).expect(201);
    for (let i = 0; i < 20; i += 1) {
      await request(t.app)
        .post('/api/auth/login')
        .send({ email: 'guess@example.com', password: `x${i}` })
        .expect(401);
    }
    const limited = await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'guess@example.com', password: 'x' })
      .expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    await request(t.app).post('/api/auth/login').send(OWNER).expect(200);
  }, 60_000);
});

describe('CSRF and API tokens', () => {
  beforeEach(async () => {
    t = await createTestApp();
  });

  it('refuses a cookie write without the matching X-CSRF-Token, accepts it with', async () => {
    const { agent, csrf } = await ownerAgent(t.app);
    const missing = await agent.post('/api/tokens').send({ name: 'x' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    await agent.post('/api/tokens').set('X-CSRF-Token', 'not-it').send({ name: 'x' }).expect(403);
    await agent.post('/api/tokens').set('X-CSRF-Token', csrf).send({ name: 'x' }).expect(201);
    // Reads need no token.
    await agent.get('/api/tokens').expect(200);
  });

  it('creates a token shown once, accepts it as Bearer without CSRF, and stops accepting it once deleted', async () => {
    const { agent, csrf } = await ownerAgent(t.app);
    const created = await agent
      .post('/api/tokens')
      .set('X-CSRF-Token', csrf)
      .send({ name: 'script' })
      .expect(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^msb_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.models.ApiToken.findOne();
    expect(stored?.tokenHash).not.toContain(token);
    const list = await agent.get('/api/tokens').expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(token);

    await request(t.app)
      .post('/api/tokens')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'second' })
      .expect(201);
    await request(t.app)
      .delete(`/api/tokens/${created.body.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    const after = await request(t.app)
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(after.body.error.code).toBe('invalid_token');
    const actions = (await t.db.models.AuditLog.findAll()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['token.create', 'token.delete']));
  });
});
