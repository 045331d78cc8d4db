import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  continueRun,
  createRun,
  resumeRun,
  startRun,
  type RunState,
  type WorkflowDocument,
} from '../../runtime/index';
import { VirtualClock } from '../support/virtual-clock';
import { aborted, createTestRegistry } from './test-nodes';

const registry = createTestRegistry();

function fixture(name: string): WorkflowDocument {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/engine/${name}.json`, import.meta.url), 'utf8'),
  ) as WorkflowDocument;
}

async function run(name: string, payload: unknown = {}, clock = new VirtualClock()): Promise<RunState> {
  return startRun({ workflow: fixture(name), registry, ports: { clock }, payload, now: clock.now() });
}

const visited = (state: RunState) => state.steps.map((step) => step.nodeId);

describe('branches', () => {
  it('follows the edges of the branch the node returned', async () => {
    const yes = await run('branches', { answer: 'yes' });
    expect(yes.status).toBe('succeeded');
    expect(visited(yes)).toEqual(['start', 'decide', 'on_yes']);
    const no = await run('branches', { answer: 'no' });
    expect(visited(no)).toEqual(['start', 'decide', 'on_no']);
    expect(no.steps[1]?.branch).toBe('no');
  });

  it('fails the run with a clear error when a node returns a branch it does not have', async () => {
    const state = await run('branches', { answer: 'maybe' });
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('unknown_branch');
    expect(state.error?.message).toContain('"maybe"');
    expect(state.error?.nodeId).toBe('decide');
  });
});

describe('fan-out', () => {
  it('runs every edge of a branch depth-first in edge order, and a node reached twice runs twice', async () => {
    const state = await run('fan-out');
    expect(visited(state)).toEqual(['start', 'a', 'a2', 'b', 'join', 'c', 'join']);
  });
});

describe('loops', () => {
  it('allows loops and stops a runaway one after maxSteps with a clear error', async () => {
    const state = await run('loop');
    expect(state.status).toBe('failed');
    expect(state.steps).toHaveLength(50);
    expect(state.error?.code).toBe('max_steps_exceeded');
    expect(state.error?.message).toContain('50');
    expect(state.vars.n).toBe(49);
  });
});

describe('retries', () => {
  it('retries with exponential backoff and succeeds within the attempts', async () => {
    const clock = new VirtualClock();
    const state = await run('retry', { failures: 2 }, clock);
    expect(state.status).toBe('succeeded');
    expect(clock.sleeps.slice(0, 2)).toEqual([100, 200]);
    expect(state.steps[1]).toMatchObject({ nodeId: 'call', attempt: 3, branch: 'success' });
    expect(state.nodes.after).toMatchObject({ value: 3 });
  });

  it("honours a server's Retry-After over the computed backoff", async () => {
    const clock = new VirtualClock();
    const state = await run('retry-after', {}, clock);
    expect(state.status).toBe('succeeded');
    expect(clock.sleeps[0]).toBe(5000);
  });

  it('takes the failure branch after the last attempt, with the error as the node output', async () => {
    const clock = new VirtualClock();
    const state = await run('retry', { failures: 10 }, clock);
    expect(state.status).toBe('succeeded');
    expect(visited(state)).toEqual(['start', 'call', 'handle']);
    expect(state.steps[1]).toMatchObject({ status: 'failed', branch: 'failure', attempt: 4 });
    expect(state.steps[1]?.error?.message).toBe('attempt 4 failed');
    expect(state.nodes.handle).toMatchObject({ value: 'flaky' });
    expect(clock.sleeps.slice(0, 3)).toEqual([100, 200, 400]);
  });

  it('fails the run, naming the node, when no failure branch is connected; a non-retryable error is tried once', async () => {
    const state = await run('unhandled-failure');
    expect(state.status).toBe('failed');
    expect(state.error).toMatchObject({ code: 'flaky', nodeId: 'call' });
    expect(state.steps[1]).toMatchObject({ label: 'CRM に登録', status: 'failed', attempt: 1 });
    expect(visited(state)).not.toContain('after');
  });
});

describe('timeouts', () => {
  it('aborts a node that exceeds its timeout through its signal and routes the timeout as a failure', async () => {
    const state = await run('timeout');
    expect(aborted).toContain('hang');
    expect(state.steps[1]).toMatchObject({ status: 'failed', branch: 'failure' });
    expect(state.steps[1]?.error?.code).toBe('timeout');
    expect(state.steps[1]?.error?.message).toContain('Slow API');
    expect(state.nodes.handle).toMatchObject({ value: 'timeout' });
  });

  it('stops a run that exceeds the run time limit', async () => {
    const clock = new VirtualClock();
    const workflow = { ...fixture('wait'), settings: { runTimeoutMs: 60_000 } };
    const waiting = await startRun({
      workflow,
      registry,
      ports: { clock },
      payload: { name: 'x' },
      now: clock.now(),
    });
    clock.advance(120_000);
    const resumed = await resumeRun({
      state: waiting,
      workflow,
      registry,
      ports: { clock },
      event: { kind: 'message', text: 'hi' },
    });
    expect(resumed.status).toBe('failed');
    expect(resumed.error?.code).toBe('run_timeout');
  });

  it('cancels a run through its signal', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const workflow = fixture('timeout');
    const pending = startRun({
      workflow,
      registry,
      ports: { clock },
      now: clock.now(),
      signal: controller.signal,
    });
    controller.abort();
    const state = await pending;
    expect(state.status).toBe('canceled');
    expect(visited(state)).not.toContain('handle');
  });
});

describe('waits', () => {
  it('pauses at a waiting node and resumes from a serialised state, keeping variables', async () => {
    const clock = new VirtualClock();
    const workflow = fixture('wait');
    const waiting = await startRun({
      workflow,
      registry,
      ports: { clock },
      payload: { name: '花子' },
      now: clock.now(),
    });
    expect(waiting.status).toBe('waiting');
    expect(waiting.waiting).toMatchObject({ nodeId: 'ask', wait: { kind: 'message' } });
    expect(waiting.steps.at(-1)?.status).toBe('waiting');

    // Another process: the state went through a store as JSON.
    const stored: RunState = JSON.parse(JSON.stringify(waiting)) as RunState;
    const done = await resumeRun({
      state: stored,
      workflow,
      registry,
      ports: { clock },
      event: { kind: 'message', text: 'こんにちは' },
    });
    expect(done.status).toBe('succeeded');
    expect(done.nodes.after).toMatchObject({ value: '花子 said こんにちは' });
    expect(done.nodes.ask).toMatchObject({ askedAt: clock.now() });
    expect(visited(done)).toEqual(['start', 'before', 'ask', 'ask', 'after']);
    expect(waiting.status).toBe('waiting');
  });

  it('takes the timeout branch when the wait times out', async () => {
    const clock = new VirtualClock();
    const workflow = fixture('wait');
    const waiting = await startRun({ workflow, registry, ports: { clock }, now: clock.now() });
    const done = await resumeRun({
      state: waiting,
      workflow,
      registry,
      ports: { clock },
      event: { kind: 'timeout' },
    });
    expect(visited(done).at(-1)).toBe('timeout');
  });

  it('continues a checkpointed run from its stack without repeating finished steps', async () => {
    const clock = new VirtualClock();
    const workflow = fixture('fan-out');
    const checkpoints: RunState[] = [];
    await startRun({
      workflow,
      registry,
      ports: { clock },
      now: clock.now(),
      hooks: { onStep: (_step, state) => void checkpoints.push(structuredClone(state)) },
    });
    const afterThree = checkpoints[2];
    expect(afterThree?.steps).toHaveLength(3);
    const resumed = await continueRun({
      state: afterThree ?? createRun({ workflow, registry, now: 0 }),
      workflow,
      registry,
      ports: { clock },
    });
    expect(visited(resumed)).toEqual(['start', 'a', 'a2', 'b', 'join', 'c', 'join']);
  });
});

describe('templates', () => {
  it('renders Liquid over trigger, vars and nodes; a lone expression keeps its type', async () => {
    const state = await run('templates', { count: 41, tags: ['vip', 'new'] });
    expect(state.nodes.use).toEqual({
      value: { typed: 41, text: 'こんにちは お客様 さん', sum: 42, list: [['vip', 'new']] },
    });
  });

  it('routes a template syntax error as a failure naming the node', async () => {
    const workflow = fixture('templates');
    const broken = {
      ...workflow,
      nodes: workflow.nodes.map((n) => (n.id === 'use' ? { ...n, config: { value: '{{ vars.count ' } } : n)),
    };
    const clock = new VirtualClock();
    const state = await startRun({ workflow: broken, registry, ports: { clock }, now: clock.now() });
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('template_error');
    expect(state.error?.localized?.ja).toContain('use');
  });
});

describe('run records', () => {
  it('redacts secrets marked in the schema and well-known secret keys, and truncates large payloads', async () => {
    const state = await run('secrets', { big: 'あ'.repeat(5000) });
    const step = state.steps[1];
    const text = JSON.stringify(step);
    expect(text).not.toContain('sk-live-123');
    expect(text).not.toContain('Bearer abc');
    expect(step?.input).toMatchObject({ truncated: true });
    expect(JSON.stringify(step?.input).length).toBeLessThan(1500);
    const small = await run('secrets', { big: 'short' });
    expect(small.steps[1]?.input).toMatchObject({
      apiKey: '[redacted]',
      value: { headers: { Authorization: '[redacted]', accept: 'json' } },
    });
    // The node itself still got the real values.
    expect(small.nodes.call).toMatchObject({ apiKey: 'sk-live-123' });
  });

  it('records status, branch, attempt and timings of every step', async () => {
    const clock = new VirtualClock();
    const state = await run('retry', { failures: 1 }, clock);
    expect(state.steps[1]).toMatchObject({ nodeType: 'test.flaky', status: 'succeeded', attempt: 2 });
    expect(state.steps[1]?.durationMs).toBe(100);
    expect(state.finishedAt).toBeGreaterThanOrEqual(state.startedAt);
  });
});

describe('secrets marked per item', () => {
  it('redacts the value of a header the user marked secret', async () => {
    const workflow = fixture('secrets');
    const marked = {
      ...workflow,
      nodes: workflow.nodes.map((n) =>
        n.id === 'call'
          ? {
              ...n,
              config: {
                value: [
                  { name: 'X-Key', value: 'k-999', secret: true },
                  { name: 'Accept', value: 'json' },
                ],
              },
            }
          : n,
      ),
    };
    const clock = new VirtualClock();
    const state = await startRun({ workflow: marked, registry, ports: { clock }, now: clock.now() });
    expect(JSON.stringify(state.steps)).not.toContain('k-999');
    expect(JSON.stringify(state.steps)).toContain('json');
  });
});

describe('variables a node declares', () => {
  it('reads one or several config fields naming variables', async () => {
    const { defineNode, NodeRegistry } = await import('../../runtime/index');
    const { Type } = await import('typebox');
    const node = defineNode({
      type: 'test.two_vars',
      version: 1,
      category: 'logic',
      labels: { ja: 'x', en: 'x' },
      description: { ja: 'x', en: 'x' },
      config: Type.Object({ a: Type.String(), b: Type.String() }, { additionalProperties: false }),
      branches: ['next'],
      setsVariables: [{ field: 'a' }, { field: 'b' }],
      outputs: Type.Unknown(),
      run: () => ({ branch: 'next' }),
    });
    const local = new NodeRegistry([node]);
    expect(local.variablesSetBy('test.two_vars', { a: 'ticket_id', b: 'ticket_number' })).toEqual([
      'ticket_id',
      'ticket_number',
    ]);
  });
});
