// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboxPage } from '../../../editor/chat/InboxPage';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const transcript = [
  { id: 1, sender: 'bot', text: 'お名前を教えてください。', at: 1 },
  { id: 2, sender: 'visitor', text: '<img src=x onerror=alert(1)>花子', at: 2 },
  { id: 3, sender: 'system', text: '佐藤 が対応します。', at: 3 },
];

function stubApi() {
  const calls: Array<{ url: string; method: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      calls.push({ url, method, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
      if (url.startsWith('/api/inbox/conversations?'))
        return json({
          items: [
            {
              id: 'c1',
              status: 'forwarded',
              visitor: { name: '花子' },
              agentId: 'a1',
              updatedAt: 3,
              lastMessage: transcript[2],
            },
          ],
        });
      if (url === '/api/inbox/conversations/c1')
        return json({
          id: 'c1',
          status: 'forwarded',
          visitor: { name: '花子' },
          agentId: 'a1',
          updatedAt: 3,
          lastMessage: null,
          messages: transcript,
        });
      if (url.endsWith('/reply')) return json({ id: 4, sender: 'agent', text: 'x', at: 4 }, 201);
      return new Response(null, { status: 204 });
    }),
  );
  return calls;
}

describe('chat inbox', () => {
  it('lists a forwarded chat, shows the whole transcript as text, replies and closes', async () => {
    const calls = stubApi();
    await renderIn('ja', h(InboxPage));
    fireEvent.click(await screen.findByRole('button', { name: /花子/ }));
    expect(await screen.findByText('お名前を教えてください。')).toBeTruthy();
    expect(screen.getByText('<img src=x onerror=alert(1)>花子')).toBeTruthy();
    expect(document.querySelector('.inbox-transcript img')).toBeNull();
    fireEvent.change(screen.getByLabelText('返信'), { target: { value: '明日お電話します。' } });
    fireEvent.click(screen.getByRole('button', { name: '送信' }));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/reply'))).toBe(true));
    expect(calls.find((c) => c.url.endsWith('/reply'))?.body).toEqual({ text: '明日お電話します。' });
    fireEvent.click(screen.getByRole('button', { name: 'チャットを終了' }));
    await waitFor(() =>
      expect(calls.some((c) => c.url.endsWith('/close') && c.method === 'POST')).toBe(true),
    );
  });
});
