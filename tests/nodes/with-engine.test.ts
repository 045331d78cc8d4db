import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../nodes/index';
import { resumeRun, startRun, type RunState, type WorkflowDocument } from '../../runtime/index';
import type { HttpPort, HttpResponse } from '../../runtime/ports/http';
import { MemoryChat } from '../../runtime/testing/memory-ports';
import { VirtualClock } from '../support/virtual-clock';

/** The catalogue's nodes through the real executor: branches, waits, variables and retries fit. */
const registry = createDefaultRegistry();

type Edge = [source: string, branch: string, target: string];

function workflow(
  nodes: Record<string, [type: string, config: Record<string, unknown>]>,
  edges: Edge[],
): WorkflowDocument {
  return {
    schemaVersion: 1,
    id: 'wf',
    name: 'wf',
    settings: {},
    nodes: Object.entries(nodes).map(([id, [type, config]], x) => ({
      id,
      type,
      typeVersion: 1,
      position: { x, y: 0 },
      label: id,
      config,
    })),
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
    notes: [],
  };
}

const visited = (state: RunState) =>
  state.steps.map((step) => `${step.nodeId}:${step.branch ?? step.status}`);

describe('a chat bot through the engine', () => {
  const bot = workflow(
    {
      start: ['trigger.manual', {}],
      ask: ['bot.ask', { prompt: 'メールアドレスは？', inputType: 'email', variable: 'email', retries: 1 }],
      pick: ['bot.choice', { prompt: 'ご用件は？', options: ['資料請求', 'デモ'], variable: 'topic' }],
      route: [
        'bot.router',
        {
          rules: [
            {
              name: 'corp',
              conditions: {
                combinator: 'all',
                rules: [{ left: '{{ vars.email }}', operator: 'ends_with', right: '.co.jp' }],
              },
            },
          ],
        },
      ],
      thanks: ['bot.message', { text: '{{ vars.topic }}の件、{{ vars.email }} にご連絡します。' }],
      other: ['bot.message', { text: '担当者におつなぎします。' }],
      end: ['bot.end_chat', { message: 'ありがとうございました。' }],
      gave_up: ['logic.stop', { status: 'failed', message: 'no email' }],
    },
    [
      ['start', 'next', 'ask'],
      ['ask', 'answered', 'pick'],
      ['ask', 'invalid_after_retries', 'gave_up'],
      ['pick', '資料請求', 'route'],
      ['pick', 'other', 'other'],
      ['route', 'corp', 'thanks'],
      ['thanks', 'next', 'end'],
    ],
  );

  it('asks, re-asks, branches on the choice and the router, and ends the chat', async () => {
    const clock = new VirtualClock();
    const chat = new MemoryChat();
    const env = { workflow: bot, registry, ports: { clock, chat } };
    let state = await startRun({ ...env, runId: 'conv-1', now: clock.now() });
    expect(state.status).toBe('waiting');
    state = await resumeRun({ ...env, state, event: { kind: 'message', text: 'taro@' } });
    expect(state.status).toBe('waiting');
    state = await resumeRun({ ...env, state, event: { kind: 'message', text: 'Taro@Example.co.jp' } });
    expect(state.vars.email).toBe('taro@example.co.jp');
    state = await resumeRun({ ...env, state, event: { kind: 'message', text: '資料請求' } });
    expect(state.status).toBe('succeeded');
    expect(state.vars.topic).toBe('資料請求');
    expect(chat.textsOf('conv-1')).toEqual([
      'メールアドレスは？',
      'メールアドレスの形式が正しくないようです。もう一度入力してください（例: taro@example.com）。',
      'ご用件は？',
      '資料請求の件、taro@example.co.jp にご連絡します。',
      'ありがとうございました。',
    ]);
    expect(state.nodes.route).toEqual({ matchedRule: 'corp' });
  });

  it('stops after the re-asks run out', async () => {
    const clock = new VirtualClock();
    const env = { workflow: bot, registry, ports: { clock, chat: new MemoryChat() } };
    let state = await startRun({ ...env, now: clock.now() });
    state = await resumeRun({ ...env, state, event: { kind: 'message', text: 'x' } });
    state = await resumeRun({ ...env, state, event: { kind: 'message', text: 'y' } });
    expect(state.status).toBe('failed');
    expect(state.error).toMatchObject({ code: 'stopped', message: 'no email', nodeId: 'gave_up' });
  });
});

describe('logic nodes through the engine', () => {
  it('sets variables, switches on them and waits on a delay', async () => {
    const flow = workflow(
      {
        start: ['trigger.manual', {}],
        set: ['logic.set', { assignments: [{ name: 'amount', value: '{{ trigger.amount }}' }] }],
        size: [
          'logic.switch',
          {
            value: '{{ vars.amount }}',
            cases: [{ name: 'large', operator: 'greater_or_equal', value: '10,000' }],
          },
        ],
        wait: ['logic.delay', { mode: 'duration', amount: 1, unit: 'hours' }],
        done: ['logic.set', { assignments: [{ name: 'followed', value: true }] }],
      },
      [
        ['start', 'next', 'set'],
        ['set', 'next', 'size'],
        ['size', 'large', 'wait'],
        ['wait', 'next', 'done'],
      ],
    );
    const clock = new VirtualClock();
    const env = { workflow: flow, registry, ports: { clock } };
    let state = await startRun({ ...env, payload: { amount: 12_000 }, now: clock.now() });
    expect(state.vars.amount).toBe(12_000);
    expect(state.status).toBe('waiting');
    expect(state.waiting?.wait).toEqual({ kind: 'until', until: clock.now() + 3_600_000 });
    state = await resumeRun({ ...env, state, event: { kind: 'time' } });
    expect(state.status).toBe('succeeded');
    expect(visited(state)).toEqual([
      'start:next',
      'set:next',
      'size:large',
      'wait:waiting',
      'wait:next',
      'done:next',
    ]);
  });

  it('retries an HTTP 503 after the Retry-After the server asked for, then succeeds', async () => {
    const answers: HttpResponse[] = [
      { status: 503, headers: { 'retry-after': '5' }, body: '' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' },
    ];
    const http: HttpPort = {
      async request() {
        const answer = answers.shift();
        if (!answer) throw new Error('called too often');
        return answer;
      },
    };
    const flow = workflow(
      { start: ['trigger.manual', {}], call: ['logic.http_request', { url: 'https://api.example.com/x' }] },
      [['start', 'next', 'call']],
    );
    const clock = new VirtualClock();
    const state = await startRun({ workflow: flow, registry, ports: { clock, http }, now: clock.now() });
    expect(state.status).toBe('succeeded');
    expect(state.steps[1]).toMatchObject({ attempt: 2, branch: 'success' });
    expect(clock.sleeps).toContain(5_000);
    expect(state.nodes.call).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('takes the failure branch after a non-retryable refusal', async () => {
    const flow = workflow(
      {
        start: ['trigger.manual', {}],
        call: ['logic.http_request', { url: 'http://169.254.169.254/latest/meta-data/' }],
        fallback: ['logic.set', { assignments: [{ name: 'blocked', value: '{{ nodes.call.error.code }}' }] }],
      },
      [
        ['start', 'next', 'call'],
        ['call', 'failure', 'fallback'],
      ],
    );
    const clock = new VirtualClock();
    const state = await startRun({
      workflow: flow,
      registry,
      ports: { clock, http: { request: () => Promise.reject(new Error('must not be called')) } },
      now: clock.now(),
    });
    expect(state.status).toBe('succeeded');
    expect(state.vars.blocked).toBe('private_address_blocked');
    expect(state.steps[1]).toMatchObject({ attempt: 1, branch: 'failure', status: 'failed' });
  });
});
