import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_BODY_LIMIT } from '../../server/app';
import { createTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.dispose();
});

describe('errors', () => {
  it('answers an unknown /api route with a JSON 404, in Japanese by default and English on request', async () => {
    const ja = await request(t.app).get('/api/nothing-here').expect(404);
    expect(ja.body.error).toMatchObject({ code: 'not_found', details: null });
    expect(ja.body.error.message).toMatch(/はありません/);
    const en = await request(t.app)
      .post('/api/nothing-here')
      .set('Accept-Language', 'en-US,en;q=0.9')
      .expect(404);
    expect(en.body.error.message).toMatch(/There is nothing at POST \/api\/nothing-here/);
  });

  it('answers broken JSON with a 400, never a stack trace', async () => {
    const res = await request(t.app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('refuses a body over the limit with 413', async () => {
    expect(API_BODY_LIMIT).toBe('5mb');
    const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(6 * 1024 * 1024) });
    const res = await request(t.app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('names each wrong field of a request body', async () => {
    const res = await request(t.app).post('/api/auth/login').send({ email: 5, extra: true }).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    const fields = res.body.error.details.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });
});

describe('security headers', () => {
  it('sends CSP, nosniff, frame denial and no X-Powered-By on API and page answers', async () => {
    for (const path of ['/api/node-types', '/']) {
      const res = await request(t.app).get(path).set('Accept', 'text/html,application/json');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Plain HTTP here: HSTS would be meaningless.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});

describe('operations endpoints', () => {
  it('reports health, readiness and Prometheus metrics with request durations', async () => {
    await request(t.app).get('/healthz').expect(200, { status: 'ok' });
    const ready = await request(t.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { role: 'all', database: 'ok', migrations: 'ok', queue: 'table', scheduler: 'active' },
    });
    await request(t.app).get('/api/node-types').expect(200);
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(
      /musubi_http_request_duration_seconds_count\{method="GET",route="\/api\/node-types",status="200"\} 1/,
    );
    expect(metrics.text).toMatch(/musubi_process_resident_memory_bytes/);
  });

  it('is not ready when the database is closed', async () => {
    await t.db.close();
    const res = await request(t.app).get('/readyz').expect(503);
    expect(res.body.error.code).toBe('not_ready');
    t.db.close = async () => {};
  });
});

describe('catalogue and pages', () => {
  it('serves node descriptors without their code, and the workflow schema', async () => {
    const types = await request(t.app).get('/api/node-types').expect(200);
    const manual = types.body.items.find((d: { type: string }) => d.type === 'trigger.manual');
    expect(manual).toMatchObject({ labels: { ja: '手動実行', en: 'Manual trigger' }, branches: ['next'] });
    expect(manual.run).toBeUndefined();
    const schema = await request(t.app).get('/api/schemas/workflow.json').expect(200);
    expect(JSON.parse(schema.text)).toMatchObject({
      $id: 'https://musubi.dev/schemas/workflow.json',
      type: 'object',
    });
  });

  it('shows a small bilingual page at / until the editor is built', async () => {
    const ja = await request(t.app).get('/').set('Accept', 'text/html').expect(200);
    expect(ja.text).toMatch(/Musubi サーバーは動いています/);
    expect(ja.text).toMatch(/href="\/healthz"/);
    expect(ja.text).toMatch(/href="\/api\/node-types"/);
    const en = await request(t.app)
      .get('/')
      .set('Accept', 'text/html')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(en.text).toMatch(/<html lang="en">/);
    expect(en.text).toMatch(/The Musubi server is running/);
  });
});
