import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/index';
import { MemoryChat } from '../../../runtime/testing/memory-ports';
import { Type } from 'typebox';
import { createDefaultRegistry } from '../../../nodes/index';
import { defineNode } from '../../../runtime/index';
import { createExecution, type Execution } from '../../../server/execution/index';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';
import { activate, ManualClock, node, openExecution, respondFlow, workflow } from './support';

let temp: TempDatabase | undefined;
const executions: Execution[] = [];

afterEach(async () => {
  for (const execution of executions.splice(0)) await execution.stop().catch(() => undefined);
  await temp?.dispose();
  temp = undefined;
});

async function open(options: Parameters<typeof openExecution>[1] = {}): Promise<Execution> {
  temp ??= await openTempDatabase();
  const execution = await openExecution(temp.db, options);
  executions.push(execution);
  return execution;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [rows] = await temp!.db.sequelize.query(sql, { replacements: params });
  return Number((rows[0] as Record<string, unknown>).n);
}

describe('accepting and executing runs', () => {
  it('records a run, its steps and its job in the database, and hears the respond node', async () => {
    const execution = await open();
    const doc = respondFlow({ id: 'greet', path: 'greet' });
    await activate(temp!.db, doc);
    const heard: unknown[] = [];
    const result = await execution.service.trigger({
      workflowId: 'greet',
      version: 1,
      document: doc,
      triggerKind: 'webhook',
      payload: { body: { name: 'Hanako' }, headers: {}, query: {} },
      listen: (signal) => heard.push(signal.kind === 'response' ? signal.response : signal.outcome.status),
    });
    expect(result.outcome).toBe('created');
    expect(result.local).toBe(true);
    await execution.settle();
    const run = await execution.getRun(result.runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.state.steps.map((step) => step.nodeId)).toEqual(['hook', 'set', 'check', 'ok']);
    expect(run?.state.steps[1]?.output).toEqual({ name: 'Hanako' });
    expect(run?.state.response).toMatchObject({ status: 200, body: { hello: 'Hanako' } });
    expect(heard).toEqual([expect.objectContaining({ status: 200, body: { hello: 'Hanako' } }), 'succeeded']);
    expect(await count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'")).toBe(1);
  });

  it('queues a run when this process executes nothing, and a worker process claims and runs it', async () => {
    const web = await open({ role: 'web' });
    const doc = respondFlow({ id: 'greet', path: 'greet' });
    await activate(temp!.db, doc);
    const result = await web.service.trigger({
      workflowId: 'greet',
      version: 1,
      document: doc,
      triggerKind: 'webhook',
      payload: { body: { name: 'Jiro' } },
    });
    expect(result.local).toBe(false);
    expect((await web.getRun(result.runId))?.status).toBe('queued');
    expect(await count("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued'")).toBe(1);
    const worker = await open({ role: 'worker' });
    expect(await worker.claim()).toBe(1);
    await worker.settle();
    expect((await web.getRun(result.runId))?.status).toBe('succeeded');
  });

  it('returns the first run for a repeated idempotency key instead of starting another', async () => {
    const execution = await open();
    const doc = respondFlow({ id: 'greet', path: 'greet' });
    await activate(temp!.db, doc);
    const request = {
      workflowId: 'greet',
      version: 1,
      document: doc,
      triggerKind: 'webhook',
      payload: { body: { name: 'A' } },
      idempotency: { scope: 'webhook:greet', key: 'order-1' },
    };
    const [first, second] = await Promise.all([
      execution.service.trigger(request),
      execution.service.trigger(request),
    ]);
    const third = await execution.service.trigger(request);
    expect(first?.outcome).toBe('created');
    expect(second?.outcome).toBe('duplicate');
    expect(second?.runId).toBe(first?.runId);
    expect(third.runId).toBe(first?.runId);
    await execution.settle();
    expect(await count('SELECT COUNT(*) AS n FROM runs')).toBe(1);
  });
});

describe('waits', () => {
  const delayed = workflow({
    id: 'later',
    nodes: [
      node('start', 'trigger.manual', {}),
      node('wait', 'logic.delay', { mode: 'duration', amount: 5, unit: 'minutes' }),
      node('after', 'logic.set', { assignments: [{ name: 'done', value: 'yes' }] }),
    ],
    edges: [
      ['start', 'next', 'wait'],
      ['wait', 'next', 'after'],
    ],
  });

  it('resumes a delay after the process and the database were closed and opened again', async () => {
    const clock = new ManualClock();
    temp = await openTempDatabase();
    await activate(temp.db, delayed);
    const first = await open({ clock });
    const { runId } = await first.service.trigger({
      workflowId: 'later',
      version: 1,
      document: delayed,
      triggerKind: 'manual',
      payload: {},
    });
    await first.settle();
    expect((await first.getRun(runId))?.status).toBe('waiting');
    expect(await count('SELECT COUNT(*) AS n FROM waitpoints')).toBe(1);
    await first.stop();
    executions.length = 0;
    // A restart: the database file is closed and opened again, a new process runs the loops.
    const { db } = temp;
    await db.close();
    const reopened = await openDatabase({ url: `sqlite:${temp.dir}/musubi.sqlite` });
    const dir = temp.dir;
    temp = {
      db: reopened,
      dir,
      dispose: async () => {
        await reopened.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    const second = await open({ clock });
    clock.advance(4 * 60_000);
    expect(await second.wakeDueWaits()).toBe(0);
    clock.advance(60_000);
    expect(await second.wakeDueWaits()).toBe(1);
    await second.claim();
    await second.settle();
    const run = await second.getRun(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.state.vars).toEqual({ done: 'yes' });
    expect(run?.state.steps.map((step) => `${step.nodeId}:${step.status}`)).toEqual([
      'start:succeeded',
      'wait:waiting',
      'wait:succeeded',
      'after:succeeded',
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM waitpoints')).toBe(0);
  });

  it('delivers a chat message to a run waiting for one, once', async () => {
    const chat = workflow({
      id: 'bot',
      nodes: [
        node('start', 'trigger.manual', {}),
        node('ask', 'bot.ask', { prompt: 'お名前は？', variable: 'name' }),
      ],
      edges: [['start', 'next', 'ask']],
    });
    const chatPort = new MemoryChat();
    const execution = await open({ ports: { chat: chatPort } });
    await activate(temp!.db, chat);
    const { runId } = await execution.service.trigger({
      workflowId: 'bot',
      version: 1,
      document: chat,
      triggerKind: 'manual',
      payload: { conversationId: 'c1' },
    });
    await execution.settle();
    expect((await execution.getRun(runId))?.status).toBe('waiting');
    expect(chatPort.textsOf(runId)).toEqual(['お名前は？']);
    expect(await execution.deliverMessage({ runId, text: '花子' })).toBe(true);
    expect(await execution.deliverMessage({ runId, text: 'again' })).toBe(false);
    await execution.settle();
    const run = await execution.getRun(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.state.vars.name).toBe('花子');
  });
});

describe('crashes', () => {
  /** A node that waits until the test lets it go: a run "in the middle" when a process dies. */
  let release: () => void = () => undefined;
  const blockNode = defineNode({
    type: 'test.block',
    version: 1,
    category: 'logic',
    labels: { ja: 'block', en: 'block' },
    description: { ja: 'block', en: 'block' },
    config: Type.Object({}, { additionalProperties: false }),
    branches: ['next'],
    outputs: Type.Unknown(),
    run: () =>
      new Promise((resolve) => (release = () => resolve({ branch: 'next', output: { released: true } }))),
  });
  const blocking = workflow({
    id: 'blocking',
    // The hung node must not time out while the test moves the clock past the lease.
    settings: { nodeTimeoutMs: 3_600_000 },
    nodes: [
      node('start', 'trigger.manual', {}),
      node('before', 'logic.set', { assignments: [{ name: 'before', value: 1 }] }),
      node('block', 'test.block', {}),
      node('after', 'logic.set', { assignments: [{ name: 'after', value: 2 }] }),
    ],
    edges: [
      ['start', 'next', 'before'],
      ['before', 'next', 'block'],
      ['block', 'next', 'after'],
    ],
  });

  /** A side effect that counts its calls: a step that must run once however the run moves. */
  let effects = 0;
  const effectNode = defineNode({
    type: 'test.effect',
    version: 1,
    category: 'logic',
    labels: { ja: 'effect', en: 'effect' },
    description: { ja: 'effect', en: 'effect' },
    config: Type.Object({}, { additionalProperties: false }),
    branches: ['next'],
    outputs: Type.Unknown(),
    run: () => {
      effects++;
      return { branch: 'next', output: { effects } };
    },
  });

  async function openWithBlock(clock: ManualClock): Promise<Execution> {
    temp ??= await openTempDatabase();
    const blockRegistry = createDefaultRegistry();
    blockRegistry.register(blockNode);
    blockRegistry.register(effectNode);
    const execution = createExecution({
      db: temp.db,
      registry: blockRegistry,
      clock,
      env: {},
      timers: false,
      settings: { leaseMs: 30_000 },
    });
    executions.push(execution);
    return execution;
  }

  it('continues a run from its last finished step in another process when the first one stopped answering', async () => {
    const clock = new ManualClock();
    const dead = await openWithBlock(clock);
    await activate(temp!.db, blocking);
    const { runId } = await dead.service.trigger({
      workflowId: 'blocking',
      version: 1,
      document: blocking,
      triggerKind: 'manual',
      payload: {},
    });
    await dead.context.batcher.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await dead.getRun(runId))?.state.steps.map((step) => step.nodeId)).toEqual(['start', 'before']);
    const releaseDead = release;
    // The first process hangs; its lease runs out; another process takes the job over.
    clock.advance(31_000);
    const alive = await openWithBlock(clock);
    expect(await alive.reap()).toEqual({ requeued: 1, crashed: [] });
    expect(await alive.claim()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await alive.settle();
    // The hung process wakes up: its lease is gone, so it writes nothing.
    releaseDead();
    await dead.settle();
    const run = await alive.getRun(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.state.steps.map((step) => step.nodeId)).toEqual(['start', 'before', 'block', 'after']);
    expect(run?.state.vars).toEqual({ before: 1, after: 2 });
  });

  it('a process that lost its run while a step hung does not start the next step (the lease fence)', async () => {
    const effecting = workflow({
      id: 'effecting',
      settings: { nodeTimeoutMs: 3_600_000 },
      nodes: [
        node('start', 'trigger.manual', {}),
        node('block', 'test.block', {}),
        node('effect', 'test.effect', {}),
      ],
      edges: [
        ['start', 'next', 'block'],
        ['block', 'next', 'effect'],
      ],
    });
    const clock = new ManualClock();
    const stalled = await openWithBlock(clock);
    await activate(temp!.db, effecting);
    const { runId } = await stalled.service.trigger({
      workflowId: 'effecting',
      version: 1,
      document: effecting,
      triggerKind: 'manual',
      payload: {},
    });
    await stalled.context.batcher.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const releaseStalled = release;
    // Alive but stalled past its lease (a frozen VM): another process takes the run over.
    clock.advance(31_000);
    const other = await openWithBlock(clock);
    expect(await other.reap()).toEqual({ requeued: 1, crashed: [] });
    expect(await other.claim()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await other.settle();
    expect(effects).toBe(1);
    // The stalled process wakes up with its node's answer: before the next step it finds the
    // run is no longer its own and stops there; the effect is not made a second time.
    releaseStalled();
    await stalled.settle();
    expect(effects).toBe(1);
    const run = await other.getRun(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.state.steps.map((step) => step.nodeId)).toEqual(['start', 'block', 'effect']);
  });

  it('hands a run still executing at shutdown back to the queue with its finished steps, for another process', async () => {
    const clock = new ManualClock();
    temp = await openTempDatabase();
    const blockRegistry = createDefaultRegistry();
    blockRegistry.register(blockNode);
    const stopping = createExecution({
      db: temp.db,
      registry: blockRegistry,
      clock,
      env: {},
      timers: false,
      settings: { shutdownGraceMs: 50 },
    });
    await activate(temp.db, blocking);
    const { runId } = await stopping.service.trigger({
      workflowId: 'blocking',
      version: 1,
      document: blocking,
      triggerKind: 'manual',
      payload: {},
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const releaseStopped = release;
    await stopping.stop();
    releaseStopped();
    const [jobs] = await temp.db.sequelize.query(
      `SELECT status, lease_owner, expiries FROM jobs WHERE run_id = '${runId}'`,
    );
    expect(jobs).toEqual([{ status: 'queued', lease_owner: null, expiries: 0 }]);
    const next = await openWithBlock(clock);
    expect(await next.claim()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await next.settle();
    const run = await next.getRun(runId);
    expect(run?.status).toBe('succeeded');
    expect(run?.state.steps.map((step) => step.nodeId)).toEqual(['start', 'before', 'block', 'after']);
  });

  it('ends a run as crashed, with the reason, once its lease ran out more than three times', async () => {
    const clock = new ManualClock();
    const execution = await openWithBlock(clock);
    await activate(temp!.db, blocking);
    const { runId } = await execution.service.trigger({
      workflowId: 'blocking',
      version: 1,
      document: blocking,
      triggerKind: 'manual',
      payload: {},
    });
    for (let expiry = 1; expiry <= 3; expiry++) {
      clock.advance(31_000);
      expect((await execution.reap()).requeued).toBe(1);
      // Claimed again (by a process that will hang too).
      await temp!.db.sequelize.query(
        `UPDATE jobs SET status = 'leased', lease_owner = 'elsewhere|1|x', locked_until = ${clock.now() + 30_000} WHERE run_id = '${runId}'`,
      );
    }
    // Whoever waits for the run (a sync webhook, a chat) and the stop hooks hear that it ended.
    const heard: string[] = [];
    const unlisten = execution.context.waiters.listen(runId, (signal) =>
      heard.push(signal.kind === 'settled' ? signal.outcome.status : signal.kind),
    );
    const hooked: string[] = [];
    const unhook = execution.context.batcher.onStops(async (_tx, stops) => {
      hooked.push(...stops.map((stop) => `${stop.runId}:${stop.kind}`));
      return undefined;
    });
    clock.advance(31_000);
    expect((await execution.reap()).crashed).toEqual([runId]);
    expect(heard).toEqual(['crashed']);
    expect(hooked).toEqual([`${runId}:crashed`]);
    unlisten();
    unhook();
    const run = await execution.getRun(runId);
    expect(run?.status).toBe('crashed');
    expect(run?.error?.code).toBe('crashed');
    expect(run?.error?.message).toMatch(/4 times/);
    release();
  });
});

describe('concurrency', () => {
  it('runs at most the per-workflow limit from the settings table at once, across claims', async () => {
    const web = await open({ role: 'web' });
    const doc = respondFlow({ id: 'greet', path: 'greet' });
    await activate(temp!.db, doc);
    for (let i = 0; i < 5; i++) {
      await web.service.trigger({
        workflowId: 'greet',
        version: 1,
        document: doc,
        triggerKind: 'webhook',
        payload: {},
      });
    }
    await temp!.db.models.Setting.upsert({
      key: 'executions.concurrency',
      value: { perWorkflow: { greet: 2 } },
    });
    const worker = await open({ role: 'worker' });
    await worker.start();
    expect(worker.context.settings.workflowConcurrency).toEqual({ greet: 2 });
    // Two already running elsewhere (leased by another process): nothing more may start.
    await temp!.db.sequelize.query(
      `UPDATE jobs SET status = 'leased', lease_owner = 'other|1|x', locked_until = ${Date.now() + 60_000}
        WHERE id IN (SELECT id FROM jobs ORDER BY run_at LIMIT 2)`,
    );
    expect(await worker.claim()).toBe(0);
    await temp!.db.sequelize.query("UPDATE jobs SET status = 'done' WHERE lease_owner = 'other|1|x'");
    expect(await worker.claim()).toBe(2);
    expect(worker.worker.busy).toBe(2);
    // As each ends, the next queued one is claimed: the third runs after a place frees up.
    await worker.settle();
    expect(await count("SELECT COUNT(*) AS n FROM runs WHERE status = 'succeeded'")).toBe(3);
  });
});
