// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeProvider } from '../../../editor/app/notices';
import { PipelineBoard } from '../../../editor/records/PipelineBoard';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function board(moved: boolean) {
  const card = {
    id: 'd1',
    name: '山田商事 導入',
    pipelineId: 'p1',
    stageId: moved ? 's2' : 's1',
    amount: 500000,
  };
  return {
    pipeline: { id: 'p1', module: 'deals', name: '商談' },
    stages: [
      { id: 's1', name: '初回接触', total: moved ? 0 : 1, records: moved ? [] : [card], automations: [] },
      {
        id: 's2',
        name: '提案',
        total: moved ? 1 : 0,
        records: moved ? [card] : [],
        automations: [
          { id: 'a1', workflowId: 'w1', workflowName: '提案書を送る', delay: null },
          { id: 'a2', workflowId: 'w2', workflowName: 'フォローアップ', delay: { amount: 2, unit: 'days' } },
        ],
      },
    ],
  };
}

/** A DataTransfer stand-in that keeps what dragstart put in it for the drop. */
function dataTransfer() {
  const data = new Map<string, string>();
  return {
    dropEffect: 'none',
    effectAllowed: 'all',
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
  };
}

describe('pipeline board', () => {
  it('shows stage automations and moves a dragged card with the UI source header', async () => {
    const moves: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
    let moved = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
        if (init.method === 'POST') {
          const headers =
            init.headers && !Array.isArray(init.headers) && !(init.headers instanceof Headers)
              ? init.headers
              : {};
          moves.push({
            url,
            headers,
            body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
          });
          moved = true;
          return json({ id: 'd1' });
        }
        if (url === '/api/pipelines/p1/board') return json(board(moved));
        if (url === '/api/pipelines/p1/sharing') return json({ enabled: false });
        return json({ items: [] });
      }),
    );
    await renderIn(
      'ja',
      h(NoticeProvider, {
        cancelLabel: 'c',
        closeLabel: 'x',
        children: h(PipelineBoard, { pipelineId: 'p1' }),
      }),
    );
    const target = await screen.findByRole('region', { name: '提案' });
    expect(within(target).getByText(/提案書を送る: すぐに実行/)).toBeTruthy();
    expect(within(target).getByText(/フォローアップ: 2日後に実行/)).toBeTruthy();

    const card = screen.getByRole('link', { name: '山田商事 導入' }).closest('article');
    if (!card) throw new Error('no card');
    const transfer = dataTransfer();
    fireEvent.dragStart(card, { dataTransfer: transfer });
    fireEvent.dragOver(target, { dataTransfer: transfer });
    fireEvent.drop(target, { dataTransfer: transfer });

    await waitFor(() => expect(moves).toHaveLength(1));
    expect(moves[0]?.url).toBe('/api/records/deals/d1/stage');
    expect(moves[0]?.headers['X-Musubi-Source']).toBe('ui');
    expect(moves[0]?.body).toEqual({ stageId: 's2' });
    await waitFor(() => expect(within(target).getByRole('link', { name: '山田商事 導入' })).toBeTruthy());
    expect(await screen.findByText('「山田商事 導入」を「提案」に移動しました。')).toBeTruthy();
  });

  it('does not call the API when a card is dropped on its own stage', async () => {
    const posts: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        if (init.method === 'POST') posts.push(url);
        return new Response(JSON.stringify(url === '/api/pipelines/p1/board' ? board(false) : { items: [] }));
      }),
    );
    await renderIn(
      'en',
      h(NoticeProvider, {
        cancelLabel: 'c',
        closeLabel: 'x',
        children: h(PipelineBoard, { pipelineId: 'p1' }),
      }),
    );
    const own = await screen.findByRole('region', { name: '初回接触' });
    const card = within(own).getByRole('link', { name: '山田商事 導入' }).closest('article');
    if (!card) throw new Error('no card');
    const transfer = dataTransfer();
    fireEvent.dragStart(card, { dataTransfer: transfer });
    fireEvent.drop(own, { dataTransfer: transfer });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts).toEqual([]);
  });
});
