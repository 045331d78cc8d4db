import request from 'supertest';
import { Type } from 'typebox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../nodes/index';
import { defineNode, NodeError } from '../../../runtime/index';
import { silentLogger } from '../../../runtime/ports/logger';
import { createApp } from '../../../server/app';
import { createApiToken } from '../../../server/auth/api-tokens';
import { createUser } from '../../../server/auth/users';
import { loadConfig } from '../../../server/config';
import { createServices, type Services } from '../../../server/services';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';
import { activate, node, workflow } from './support';

/** Fails until the test says the remote system is back. */
let healthy = false;
const remoteNode = defineNode({
  type: 'test.remote',
  version: 1,
  category: 'logic',
  labels: { ja: 'remote', en: 'remote' },
  description: { ja: 'remote', en: 'remote' },
  config: Type.Object({ value: Type.String() }, { additionalProperties: false }),
  branches: ['next'],
  outputs: Type.Unknown(),
  run: (ctx) => {
    if (!healthy) throw new NodeError({ code: 'remote_down', message: 'remote is down', retryable: false });
    return { branch: 'next', output: { sent: ctx.config.value } };
  },
});

const flaky = workflow({
  id: 'flaky',
  nodes: [
    node('start', 'trigger.manual', {}),
    node('prepare', 'logic.set', { assignments: [{ name: 'order', value: '{{ trigger.order }}' }] }),
    node('call', 'test.remote', { value: 'order {{ vars.order }}' }),
    node('done', 'logic.set', { assignments: [{ name: 'done', value: true }] }),
  ],
  edges: [
    ['start', 'next', 'prepare'],
    ['prepare', 'next', 'call'],
    ['call', 'next', 'done'],
  ],
});

const paused = workflow({
  id: 'paused',
  nodes: [
    node('start', 'trigger.manual', {}),
    node('pause', 'logic.delay', { mode: 'duration', amount: 1, unit: 'hours' }),
  ],
  edges: [['start', 'next', 'pause']],
});

let temp: TempDatabase;
let services: Services;
let app: ReturnType<typeof createApp>;
let auth: { Authorization: string };

beforeEach(async () => {
  healthy = false;
  temp = await openTempDatabase();
  const config = loadConfig({ MUSUBI_DATA_DIR: temp.dir, MUSUBI_SECRET: 'ab'.repeat(32) });
  const registry = createDefaultRegistry();
  registry.register(remoteNode);
  services = createServices({ db: temp.db, config, logger: silentLogger, registry });
  app = createApp({ db: temp.db, config, services, editor: { kind: 'missing' } });
  const user = await createUser({
    db: temp.db,
    email: 'editor@example.com',
    password: 'password-123',
    role: 'editor',
  });
  const { token } = await createApiToken({ db: temp.db, userId: user.id, name: 'test' });
  auth = { Authorization: `Bearer ${token}` };
  await activate(temp.db, flaky);
  await activate(temp.db, paused);
  await services.lifecycle.start();
});

afterEach(async () => {
  await services.lifecycle.stop();
  services.mail.close();
  await temp.dispose();
});

async function runFlaky(order: string): Promise<string> {
  const res = await request(app)
    .post('/api/workflows/flaky/run')
    .set(auth)
    .send({ input: { order }, version: 1 })
    .expect(201);
  return res.body.id;
}

describe('manual runs', () => {
  it('runs the draft with sample input and answers the finished run with its steps', async () => {
    healthy = true;
    const res = await request(app)
      .post('/api/workflows/flaky/run')
      .set(auth)
      .send({ input: { order: 'A-1' } })
      .expect(201);
    expect(res.body).toMatchObject({
      workflowId: 'flaky',
      workflowName: 'flaky',
      version: null,
      status: 'succeeded',
      mode: 'manual',
    });
    expect(res.body.run.steps.map((step: { nodeId: string }) => step.nodeId)).toEqual([
      'start',
      'prepare',
      'call',
      'done',
    ]);
    expect(res.body.run.nodes.call).toEqual({ sent: 'order A-1' });
  });
});

describe('the executions list', () => {
  it('filters by workflow, status and trigger, and pages with a cursor', async () => {
    await runFlaky('1');
    healthy = true;
    await runFlaky('2');
    await runFlaky('3');
    await request(app).post('/api/workflows/paused/run').set(auth).send({ version: 1 }).expect(201);
    const all = await request(app).get('/api/executions').set(auth).expect(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items[0]).toMatchObject({ workflowId: 'paused', status: 'waiting', trigger: 'manual' });
    expect(all.body.items[0].startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const failed = await request(app).get('/api/executions?status=failed').set(auth).expect(200);
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0].error).toMatchObject({ code: 'remote_down', nodeId: 'call' });
    const flakyOnly = await request(app)
      .get('/api/executions?workflowId=flaky&status=succeeded,failed')
      .set(auth)
      .expect(200);
    expect(flakyOnly.body.total).toBe(3);
    const page1 = await request(app).get('/api/executions?limit=3').set(auth).expect(200);
    const page2 = await request(app)
      .get(`/api/executions?limit=3&cursor=${page1.body.nextCursor}`)
      .set(auth)
      .expect(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const ids = [...page1.body.items, ...page2.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(4);
    const none = await request(app).get('/api/executions?trigger=webhook').set(auth).expect(200);
    expect(none.body.total).toBe(0);
    const future = await request(app)
      .get(`/api/executions?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)
      .set(auth)
      .expect(200);
    expect(future.body.total).toBe(0);
    await request(app).get('/api/executions?status=bogus').set(auth).expect(400);
    await request(app).get('/api/executions').expect(401);
  });

  it('shows one run with its steps, inputs and outputs', async () => {
    const id = await runFlaky('B-7');
    const res = await request(app).get(`/api/executions/${id}`).set(auth).expect(200);
    expect(res.body).toMatchObject({ id, status: 'failed', stepCount: 3 });
    const call = res.body.steps[2];
    expect(call).toMatchObject({ nodeId: 'call', status: 'failed', input: { value: 'order B-7' } });
    expect(call.error.code).toBe('remote_down');
    expect(res.body.state.trigger).toEqual({ order: 'B-7' });
    await request(app).get('/api/executions/nope').set(auth).expect(404);
  });
});

describe('retry and cancel', () => {
  it('retries a failed run from its failed step, with the inputs it had', async () => {
    const failedId = await runFlaky('C-3');
    healthy = true;
    const retried = await request(app).post(`/api/executions/${failedId}/retry`).set(auth).expect(202);
    expect(retried.body.retryOf).toBe(failedId);
    const run = await waitForEnd(retried.body.id);
    expect(run.status).toBe('succeeded');
    expect(run.mode).toBe('retry');
    expect(run.retryOf).toBe(failedId);
    expect(
      run.steps.map((step: { nodeId: string; status: string }) => `${step.nodeId}:${step.status}`),
    ).toEqual(['start:succeeded', 'prepare:succeeded', 'call:succeeded', 'done:succeeded']);
    // The retried step saw the variables of the original run.
    expect(run.steps[2].output).toEqual({ sent: 'order C-3' });
    await request(app).post(`/api/executions/${retried.body.id}/retry`).set(auth).expect(409);
  });

  it('cancels a waiting run and refuses to cancel a finished one', async () => {
    const res = await request(app)
      .post('/api/workflows/paused/run')
      .set(auth)
      .send({ version: 1 })
      .expect(201);
    expect(res.body.status).toBe('waiting');
    const canceled = await request(app).post(`/api/executions/${res.body.id}/cancel`).set(auth).expect(200);
    expect(canceled.body.status).toBe('canceled');
    const detail = await request(app).get(`/api/executions/${res.body.id}`).set(auth).expect(200);
    expect(detail.body.status).toBe('canceled');
    expect(await temp.db.models.Waitpoint.count()).toBe(0);
    await request(app).post(`/api/executions/${res.body.id}/cancel`).set(auth).expect(409);
  });
});

describe('metrics', () => {
  it('reports runs by status, step durations and queue depth', async () => {
    await runFlaky('1');
    const res = await request(app).get('/metrics').expect(200);
    expect(res.text).toMatch(/musubi_runs_finished_total\{status="failed",trigger="manual"\} 1/);
    expect(res.text).toMatch(/musubi_runs\{status="failed"\} 1/);
    expect(res.text).toMatch(
      /musubi_step_duration_seconds_count\{node_type="logic.set",status="succeeded"\} 1/,
    );
    expect(res.text).toMatch(/musubi_queue_jobs\{status="queued"\} 0/);
  });
});

async function waitForEnd(id: string) {
  for (let i = 0; i < 100; i++) {
    const res = await request(app).get(`/api/executions/${id}`).set(auth).expect(200);
    if (!['queued', 'running'].includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`run ${id} did not end`);
}
