// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeProvider } from '../../../editor/app/notices';
import { LoadSampleButton } from '../../../editor/records/LoadSampleButton';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('load sample workspace', () => {
  it('posts /api/sample, says so and lets the screen reload', async () => {
    const posts: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        if (init.method === 'POST') posts.push(url);
        return new Response(JSON.stringify({ created: { records: 20 } }), { status: 200 });
      }),
    );
    const onLoaded = vi.fn();
    await renderIn(
      'en',
      h(NoticeProvider, { cancelLabel: 'c', closeLabel: 'x', children: h(LoadSampleButton, { onLoaded }) }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Load sample workspace' }));
    expect(await screen.findByText('The sample workspace was loaded.')).toBeTruthy();
    expect(posts).toEqual(['/api/sample']);
    await waitFor(() => expect(onLoaded).toHaveBeenCalledTimes(1));
  });

  it('shows the refusal of a non-admin and does not reload', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              error: { code: 'forbidden', message: { ja: '権限がありません。', en: 'Not allowed.' } },
            }),
            { status: 403 },
          ),
      ),
    );
    const onLoaded = vi.fn();
    await renderIn(
      'ja',
      h(NoticeProvider, { cancelLabel: 'c', closeLabel: 'x', children: h(LoadSampleButton, { onLoaded }) }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'サンプルワークスペースを読み込む' }));
    expect(await screen.findByText('権限がありません。')).toBeTruthy();
    expect(onLoaded).not.toHaveBeenCalled();
  });
});
