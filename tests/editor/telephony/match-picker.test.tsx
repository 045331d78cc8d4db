// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallLog } from '../../../editor/telephony/CallLog';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const call = {
  id: 'call-1',
  callId: 'c-1',
  direction: 'outbound',
  from: '+81312345678',
  to: '+819012345678',
  startedAt: '2026-11-22T00:00:00Z',
  answered: true,
  durationSec: 75,
  status: 'multiple_matches',
  candidates: [
    { module: 'contacts', id: 'k1', name: '佐藤 花子' },
    { module: 'contacts', id: 'k2', name: '佐藤 太郎' },
  ],
  matchCount: 2,
  taskId: null,
  contactId: null,
};

function stubApi() {
  const posts: Array<{ url: string; body: unknown }> = [];
  let resolved = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
      if (init.method === 'POST') {
        posts.push({ url, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
        resolved = true;
        return json({ taskId: 't1' });
      }
      if (url === '/api/telephony/calls')
        return json({
          items: [resolved ? { ...call, status: 'logged', taskId: 't1', contactId: 'k2' } : call],
        });
      if (url === '/api/records/tasks/t1')
        return json({ id: 't1', name: '通話 - 発信 / 2分', status: 'done' });
      return json({ items: [] });
    }),
  );
  return posts;
}

describe('call match picker', () => {
  it('shows "N matches", lists the candidates and resolves the call into a completed to-do', async () => {
    const posts = stubApi();
    await renderIn('en', h(CallLog));
    fireEvent.click(await screen.findByRole('button', { name: '2 matches' }));
    expect(screen.getByText('Choose who this call was with')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Choose: 佐藤 太郎' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: '/api/telephony/calls/call-1/resolve', body: { contactId: 'k2' } });
    expect((await screen.findByRole('status')).textContent).toBe('Completed to-do: 通話 - 発信 / 2分');
    expect(screen.queryByRole('button', { name: '2 matches' })).toBeNull();
  });

  it('says it in Japanese too', async () => {
    stubApi();
    await renderIn('ja', h(CallLog));
    expect(await screen.findByRole('button', { name: '2 件の候補' })).toBeTruthy();
  });
});
