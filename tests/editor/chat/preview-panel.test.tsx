// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunState } from '../../../runtime/model/run';
import { PreviewPanel } from '../../../editor/chat/PreviewPanel';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const step = (index: number, nodeId: string, nodeType: string, status: string, extra: object = {}) => ({
  index,
  nodeId,
  nodeType,
  label: nodeId,
  status,
  attempt: 1,
  startedAt: 0,
  durationMs: 1,
  ...extra,
});

const greeting = {
  previewId: 'run-1',
  status: 'bot',
  messages: [{ id: 1, sender: 'bot', text: 'What can we do for you?', nodeId: 'ask' }],
  run: {
    runId: 'run-1',
    status: 'waiting',
    steps: [
      step(0, 'start', 'trigger.chat', 'succeeded', { branch: 'next' }),
      step(1, 'ask', 'bot.ask', 'waiting'),
    ],
  },
};

const handedOver = {
  previewId: 'run-1',
  status: 'forwarded',
  messages: [
    { id: 2, sender: 'visitor', text: '<b>help</b>' },
    { id: 3, sender: 'bot', text: 'Connecting you to a person.', nodeId: 'human' },
  ],
  run: {
    runId: 'run-1',
    status: 'succeeded',
    steps: [
      ...greeting.run.steps,
      step(2, 'human', 'bot.forward_to_operator', 'succeeded', {
        branch: 'forwarded',
        output: { agentId: 'a1', agentName: 'Sato', departmentId: 'support' },
      }),
    ],
  },
};

function stubApi() {
  const calls: Array<{ url: string; method: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      calls.push({ url, method, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
      if (method === 'POST' && url === '/api/workflows/wf1/preview') return json(greeting, 201);
      if (method === 'POST' && url === '/api/workflows/wf1/preview/run-1/messages') return json(handedOver);
      return new Response(null, { status: 204 });
    }),
  );
  return calls;
}

function panel(onRun: (run: RunState | null, first: boolean) => void) {
  return h(PreviewPanel, {
    workflowId: 'wf1',
    catalogue: new Map(),
    getNodes: () => [],
    beforeStart: async () => undefined,
    onRun,
    onFocus: () => undefined,
    onProblems: () => undefined,
    onClose: () => undefined,
  });
}

describe('chat preview panel', () => {
  it('in English: chats, hands each run to the canvas, and says what a hand-over would do', async () => {
    const calls = stubApi();
    const runs: Array<RunState | null> = [];
    await renderIn(
      'en',
      panel((run) => runs.push(run)),
    );
    await screen.findByText('What can we do for you?');
    expect(screen.getByText(/Nothing is published or activated/)).toBeTruthy();
    expect(runs.at(-1)?.steps.map((s) => s.nodeId)).toEqual(['start', 'ask']);

    const input = screen.getByLabelText('Type a message');
    fireEvent.change(input, { target: { value: '<b>help</b>' } });
    fireEvent.submit(input.closest('form') ?? input);
    await screen.findByText('Connecting you to a person.');
    // The visitor's markup is text, not an element.
    expect(screen.getByText('<b>help</b>')).toBeTruthy();
    expect(document.querySelector('.preview-log b')).toBeNull();
    expect(screen.getByTestId('preview-handover').textContent).toBe(
      'In a live chat, the conversation would now go to Sato of the “support” department, in the inbox. This is a preview: nobody was notified.',
    );
    expect(runs.at(-1)?.steps.at(-1)?.branch).toBe('forwarded');
    expect(screen.getByLabelText<HTMLInputElement>('Type a message').disabled).toBe(true);
    expect(calls.find((c) => c.url.endsWith('/messages'))?.body).toEqual({ text: '<b>help</b>' });
  });

  it('restart stops the running preview and starts the draft again', async () => {
    const calls = stubApi();
    await renderIn(
      'ja',
      panel(() => undefined),
    );
    await screen.findByText('What can we do for you?');
    fireEvent.click(screen.getByRole('button', { name: '最初から' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST').length).toBe(2));
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/workflows/wf1/preview/run-1')).toBe(
      true,
    );
    expect(calls[0]?.body).toEqual({ language: 'ja' });
  });
});
