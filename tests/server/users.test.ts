import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, ownerAgent } from './support/test-app';
import type { TestApp } from './support/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.dispose();
});

describe('users API', () => {
  it('lets the owner invite a user: a temporary password is mailed to the outbox and works once', async () => {
    const { agent, csrf } = await ownerAgent(t.app);
    const res = await agent
      .post('/api/users')
      .set('X-CSRF-Token', csrf)
      .send({ email: 'Sato@Example.com', role: 'editor', name: '佐藤' })
      .expect(201);
    expect(res.body.user).toMatchObject({
      email: 'sato@example.com',
      role: 'editor',
      name: '佐藤',
      externalSharing: false,
    });
    const temporary: string = res.body.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    const outbox = await agent.get('/api/outbox').expect(200);
    expect(outbox.body.items).toHaveLength(1);
    expect(outbox.body.items[0]).toMatchObject({ to: ['sato@example.com'], status: 'outbox' });
    expect(outbox.body.items[0].text).toContain(temporary);
    await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'sato@example.com', password: temporary })
      .expect(200);
    const list = await agent.get('/api/users').expect(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual([
      'owner@example.com',
      'sato@example.com',
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
  });

  it('changes roles with an audit entry, and the new role takes effect', async () => {
    const { agent, csrf } = await ownerAgent(t.app);
    const { token, userId } = await t.userWithToken('viewer');
    await request(t.app)
      .post('/api/workflows')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'x' })
      .expect(403);
    await agent
      .patch(`/api/users/${userId}`)
      .set('X-CSRF-Token', csrf)
      .send({ role: 'editor', externalSharing: true })
      .expect(200);
    await request(t.app)
      .post('/api/workflows')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'x' })
      .expect(201);
    const audit = await agent.get('/api/audit?action=user.role_change').expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actor: 'owner@example.com',
      targetId: userId,
      details: { from: 'viewer', to: 'editor' },
    });
  });

  it('keeps admins from managing admins or the owner, and everyone else out', async () => {
    await ownerAgent(t.app);
    const owner = await t.db.models.User.findOne({ where: { role: 'owner' } });
    const admin = await t.userWithToken('admin');
    const otherAdmin = await t.userWithToken('admin');
    const editor = await t.userWithToken('editor');
    const asAdmin = { Authorization: `Bearer ${admin.token}` };
    await request(t.app)
      .post('/api/users')
      .set(asAdmin)
      .send({ email: 'v@example.com', role: 'viewer', password: 'password-123' })
      .expect(201);
    await request(t.app)
      .post('/api/users')
      .set(asAdmin)
      .send({ email: 'a@example.com', role: 'admin', password: 'password-123' })
      .expect(403);
    await request(t.app)
      .patch(`/api/users/${otherAdmin.userId}`)
      .set(asAdmin)
      .send({ role: 'viewer' })
      .expect(403);
    await request(t.app).patch(`/api/users/${owner?.id}`).set(asAdmin).send({ disabled: true }).expect(403);
    await request(t.app)
      .post('/api/users')
      .set(asAdmin)
      .send({ email: 'o@example.com', role: 'owner' })
      .expect(400);
    await request(t.app)
      .get('/api/users')
      .set({ Authorization: `Bearer ${editor.token}` })
      .expect(403);
    await request(t.app)
      .get('/api/outbox')
      .set({ Authorization: `Bearer ${editor.token}` })
      .expect(403);
    const dup = await request(t.app)
      .post('/api/users')
      .set(asAdmin)
      .send({ email: 'V@example.com', role: 'viewer', password: 'password-123' })
      .expect(409);
    expect(dup.body.error.code).toBe('email_taken');
  });

  it('signs a disabled user out and refuses their token', async () => {
    const { agent, csrf } = await ownerAgent(t.app);
    const editor = await t.userWithToken('editor');
    await request(t.app)
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${editor.token}` })
      .expect(200);
    await agent
      .patch(`/api/users/${editor.userId}`)
      .set('X-CSRF-Token', csrf)
      .send({ disabled: true })
      .expect(200);
    await request(t.app)
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${editor.token}` })
      .expect(401);
  });

  it('changes my password and signs out my other sessions', async () => {
    const { agent, csrf } = await ownerAgent(t.app);
    const other = request.agent(t.app);
    await other
      .post('/api/auth/login')
      .send({ email: 'owner@example.com', password: 'correct horse battery' })
      .expect(200);
    await agent
      .post('/api/auth/password')
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: 'wrong', newPassword: 'new password 1' })
      .expect(403);
    await agent
      .post('/api/auth/password')
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: 'correct horse battery', newPassword: 'new password 1' })
      .expect(204);
    await agent.get('/api/auth/me').expect(200);
    await other.get('/api/auth/me').expect(401);
    await request(t.app)
      .post('/api/auth/login')
      .send({ email: 'owner@example.com', password: 'new password 1' })
      .expect(200);
  });
});
