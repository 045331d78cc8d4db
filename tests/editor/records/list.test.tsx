// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeProvider } from '../../../editor/app/notices';
import { RecordsPage } from '../../../editor/records/RecordsPage';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const modules = {
  items: [
    {
      module: 'deals',
      labels: { ja: '商談', en: 'Deals' },
      pipeline: true,
      fields: [
        { key: 'name', label: { ja: '商談名', en: 'Deal name' }, kind: 'text', required: true },
        { key: 'stageId', label: { ja: 'ステージ', en: 'Stage' }, kind: 'stage' },
        { key: 'amount', label: { ja: '金額', en: 'Amount' }, kind: 'number' },
      ],
    },
  ],
};

const pipelines = {
  items: [
    {
      id: 'p1',
      module: 'deals',
      name: '商談',
      stages: [
        { id: 's1', name: '初回接触' },
        { id: 's2', name: '提案' },
      ],
    },
  ],
};

function deal(i: number) {
  return {
    id: `d${i}`,
    name: `商談 ${i}`,
    pipelineId: 'p1',
    stageId: 's1',
    amount: i * 1000,
    updatedAt: '2026-11-20T00:00:00Z',
  };
}

function stubApi() {
  const urls: string[] = [];
  const posts: Array<{ url: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      urls.push(url);
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
      if (init.method === 'POST') {
        posts.push({ url, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
        if (url === '/api/records/deals')
          return json(
            {
              error: {
                code: 'validation_failed',
                message: { ja: '入力エラー', en: 'Invalid input' },
                details: [
                  { field: 'amount', message: { ja: '数値で入力してください。', en: 'must be a number.' } },
                ],
              },
            },
            400,
          );
      }
      if (url === '/api/records') return json(modules);
      if (url === '/api/record-views?module=deals')
        return json({ items: [{ id: 'v1', module: 'deals', name: '提案中', filters: { stageId: 's2' } }] });
      if (url.startsWith('/api/pipelines?module=deals')) return json(pipelines);
      if (url === '/api/pipelines/p1/sharing') return json({ enabled: true });
      if (url.startsWith('/api/shares?recordIds=')) return json({ items: [{ recordId: 'd1' }] });
      if (url.startsWith('/api/records/deals?')) {
        const params = new URLSearchParams(url.split('?')[1]);
        const offset = Number(params.get('offset'));
        const all = params.get('stageId') === 's2' ? [] : Array.from({ length: 30 }, (_, i) => deal(i + 1));
        return json({ items: all.slice(offset, offset + 25), total: all.length, limit: 25, offset });
      }
      return json({ items: [] });
    }),
  );
  return { urls, posts };
}

const page = () =>
  h(NoticeProvider, {
    cancelLabel: 'cancel',
    closeLabel: 'close',
    children: h(RecordsPage, { route: { name: 'records', module: 'deals', view: 'list' } }),
  });

describe('records list', () => {
  it('lists deals with stage names, share icons only green for shared records, pages and filters by stage', async () => {
    const { urls } = stubApi();
    await renderIn('ja', page());
    const first = await screen.findByRole('link', { name: '商談 1' });
    const row = first.closest('tr');
    if (!row) throw new Error('no row');
    expect(within(row).getByText('初回接触')).toBeTruthy();
    await waitFor(() => expect(within(row).getByRole('link', { name: '外部共有中' })).toBeTruthy());
    const other = screen.getByRole('link', { name: '商談 2' }).closest('tr');
    if (!other) throw new Error('no row');
    expect(
      within(other)
        .getByRole('link', { name: /未共有/ })
        .getAttribute('data-shared'),
    ).toBe('false');
    expect(screen.getByText('30 件中 1–25 件')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '次へ' }));
    expect(await screen.findByRole('link', { name: '商談 26' })).toBeTruthy();
    expect(urls.some((u) => u.includes('offset=25'))).toBe(true);

    fireEvent.change(screen.getByRole('combobox', { name: 'ステージ' }), { target: { value: 's2' } });
    expect(await screen.findByText('レコードはありません。')).toBeTruthy();
    expect(urls.some((u) => u.includes('stageId=s2') && u.includes('offset=0'))).toBe(true);
  });

  it('shows the API validation error next to the field it names, in English', async () => {
    const { posts } = stubApi();
    await renderIn('en', page());
    await screen.findByRole('link', { name: '商談 1' });
    fireEvent.click(screen.getByRole('button', { name: 'New record' }));
    fireEvent.change(screen.getByRole('textbox', { name: /Deal name/ }), { target: { value: '新規' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Amount: must be a number.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Check the highlighted fields.');
    expect(posts[0]).toEqual({ url: '/api/records/deals', body: { name: '新規', pipelineId: 'p1' } });
  });

  it('applies a saved view and saves the current filters as a new one', async () => {
    const { urls, posts } = stubApi();
    await renderIn('ja', page());
    await screen.findByRole('link', { name: '商談 1' });
    fireEvent.change(await screen.findByRole('combobox', { name: '保存したビュー' }), {
      target: { value: 'v1' },
    });
    expect(await screen.findByText('レコードはありません。')).toBeTruthy();
    expect(urls.some((u) => u.startsWith('/api/records/deals?') && u.includes('stageId=s2'))).toBe(true);

    fireEvent.change(screen.getByRole('textbox', { name: 'ビュー名' }), { target: { value: '提案中 2' } });
    fireEvent.click(screen.getByRole('button', { name: '現在の条件をビューとして保存' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({
      url: '/api/record-views',
      body: { module: 'deals', name: '提案中 2', filters: { stageId: 's2' } },
    });
  });
});
