import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../server/execution/index';
import { executionForApp } from '../../server/execution/app-wiring';
import { activate, node, respondFlow, workflow } from './execution/support';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.services.lifecycle.stop();
  await t.dispose();
});

async function start(...documents: Parameters<typeof activate>[1][]): Promise<void> {
  for (const document of documents) await activate(t.db, document);
  await t.services.lifecycle.start();
}

async function runCount(): Promise<number> {
  return t.db.models.Run.count();
}

describe('webhook routing', () => {
  it('answers an unknown path with a JSON 404 and a wrong method with 405', async () => {
    await start(respondFlow({ id: 'greet', path: 'greet' }));
    const missing = await request(t.app).post('/webhook/nothing-here').send({}).expect(404);
    expect(missing.body.error.code).toBe('webhook_not_found');
    const wrongMethod = await request(t.app).get('/webhook/greet').expect(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(await runCount()).toBe(0);
  });

  it('registers a workflow activated while the server runs', async () => {
    await start();
    await request(t.app).post('/webhook/late').send({}).expect(404);
    await activate(t.db, respondFlow({ id: 'late', path: 'late' }));
    t.services.events.emit('activeWorkflowsChanged', {
      workflowId: 'late',
      active: true,
      version: 1,
      reason: 'activate',
    });
    await executionForApp({ db: t.db, config: t.config, services: t.services }).reloadWorkflows();
    await request(t.app).post('/webhook/late').send({ name: 'x' }).expect(200);
  });
});

describe('responses', () => {
  it('async: answers 202 with the run id only once the run is stored', async () => {
    await start(respondFlow({ id: 'greet', path: 'orders/created', webhook: { responseMode: 'async' } }));
    const res = await request(t.app).post('/webhook/orders/created').send({ name: '花子' }).expect(202);
    expect(res.body.runId).toMatch(/^[0-9a-f-]{36}$/);
    // The answer came after the commit: the run is in the database at this moment.
    expect(await t.db.models.Run.findByPk(res.body.runId)).not.toBeNull();
    expect(await t.db.models.Job.count({ where: { runId: res.body.runId } })).toBe(1);
  });

  it('sync: answers with the respond node, on either branch', async () => {
    await start(respondFlow({ id: 'greet', path: 'greet' }));
    const ok = await request(t.app).post('/webhook/greet').send({ name: '花子' }).expect(200);
    expect(ok.body).toEqual({ hello: '花子' });
    expect(ok.headers['content-type']).toMatch(/application\/json/);
    expect(ok.headers['x-musubi-run-id']).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await request(t.app).post('/webhook/greet').send({}).expect(422);
    expect(missing.body).toEqual({ error: 'name is required' });
    const run = await t.db.models.Run.findByPk(ok.headers['x-musubi-run-id']);
    expect(run?.status).toBe('succeeded');
  });

  it('sync: a run that waits before responding gets 202 with its id', async () => {
    const waits = respondFlow({
      id: 'slow',
      path: 'slow',
      webhook: { syncTimeoutMs: 500 },
    });
    waits.nodes.splice(1, 0, node('pause', 'logic.delay', { mode: 'duration', amount: 1, unit: 'hours' }));
    waits.edges[0] = { id: 'e0', source: 'hook', sourceHandle: 'next', target: 'pause' };
    waits.edges.push({ id: 'ep', source: 'pause', sourceHandle: 'next', target: 'set' });
    await start(waits);
    const res = await request(t.app).post('/webhook/slow').send({ name: 'a' }).expect(202);
    expect(res.body).toMatchObject({ status: 'waiting' });
    expect((await t.db.models.Run.findByPk(res.body.runId))?.status).toBe('waiting');
  });

  it('refuses a body over 1 MB with a JSON 413 and bad JSON with a 400', async () => {
    await start(respondFlow({ id: 'greet', path: 'greet' }));
    const big = await request(t.app)
      .post('/webhook/greet')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const bad = await request(t.app)
      .post('/webhook/greet')
      .set('content-type', 'application/json')
      .send('{oops')
      .expect(400);
    expect(bad.body.error.code).toBe('invalid_json');
    expect(await runCount()).toBe(0);
  });
});

describe('idempotency', () => {
  it('returns the same run for a repeated Idempotency-Key', async () => {
    await start(respondFlow({ id: 'greet', path: 'greet', webhook: { responseMode: 'async' } }));
    const first = await request(t.app)
      .post('/webhook/greet')
      .set('Idempotency-Key', 'order-42')
      .send({ name: 'a' })
      .expect(202);
    const again = await request(t.app)
      .post('/webhook/greet')
      .set('Idempotency-Key', 'order-42')
      .send({ name: 'a' })
      .expect(202);
    expect(again.body.runId).toBe(first.body.runId);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await request(t.app)
      .post('/webhook/greet')
      .set('Idempotency-Key', 'order-43')
      .send({ name: 'a' })
      .expect(202);
    expect(other.body.runId).not.toBe(first.body.runId);
    expect(await runCount()).toBe(2);
  });
});

describe('auth', () => {
  it('header secret: passes the right value, refuses a wrong or missing one', async () => {
    await start(
      respondFlow({
        id: 'guarded',
        path: 'guarded',
        webhook: { auth: 'header', headerName: 'X-Webhook-Token', secret: 's3cret-value' },
      }),
    );
    await request(t.app)
      .post('/webhook/guarded')
      .set('X-Webhook-Token', 's3cret-value')
      .send({ name: 'a' })
      .expect(200);
    const wrong = await request(t.app)
      .post('/webhook/guarded')
      .set('X-Webhook-Token', 'guess')
      .send({})
      .expect(401);
    expect(wrong.body.error.code).toBe('webhook_unauthorized');
    await request(t.app).post('/webhook/guarded').send({}).expect(401);
    const runs = await t.db.models.Run.findAll();
    expect(runs).toHaveLength(1);
    // The secret header is not kept in the run's trigger.
    expect(runs[0]?.trigger).not.toContain('s3cret-value');
  });

  it('HMAC: accepts a good signature, refuses a bad, an expired and a replayed one', async () => {
    const secret = 'hmac-secret-value';
    await start(respondFlow({ id: 'signed', path: 'signed', webhook: { auth: 'hmac', secret } }));
    const body = JSON.stringify({ name: '署名' });
    const now = Math.floor(Date.now() / 1000).toString();
    const good = signWebhook({ secret, timestamp: now, body });
    const send = (timestamp: string, signature: string) =>
      request(t.app)
        .post('/webhook/signed')
        .set('content-type', 'application/json')
        .set('X-Musubi-Timestamp', timestamp)
        .set('X-Musubi-Signature', signature)
        .send(body);
    const ok = await send(now, good).expect(200);
    expect(ok.body).toEqual({ hello: '署名' });
    const bad = await send(now, signWebhook({ secret: 'wrong-secret', timestamp: now, body })).expect(401);
    expect(bad.body.error.code).toBe('webhook_bad_signature');
    const old = (Math.floor(Date.now() / 1000) - 6 * 60).toString();
    const expired = await send(old, signWebhook({ secret, timestamp: old, body })).expect(401);
    expect(expired.body.error.code).toBe('webhook_signature_expired');
    const replayed = await send(now, good).expect(401);
    expect(replayed.body.error.code).toBe('webhook_replayed');
    expect(await runCount()).toBe(1);
  });
});

describe('manual runs and the trigger payload', () => {
  it('hands the run the body, the query and the headers', async () => {
    const echo = workflow({
      id: 'echo',
      nodes: [
        node('hook', 'trigger.webhook', { path: 'echo', method: 'POST', responseMode: 'sync' }),
        node('answer', 'logic.respond', {
          body: `{"q": "{{ trigger.query.q }}", "agent": "{{ trigger.headers['x-agent'] }}", "n": {{ trigger.body.n }}}`,
        }),
      ],
      edges: [['hook', 'next', 'answer']],
    });
    await start(echo);
    const res = await request(t.app)
      .post('/webhook/echo?q=abc')
      .set('X-Agent', 'bot')
      .send({ n: 7 })
      .expect(200);
    expect(res.body).toEqual({ q: 'abc', agent: 'bot', n: 7 });
  });
});
