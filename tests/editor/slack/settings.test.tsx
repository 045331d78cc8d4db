// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeProvider } from '../../../editor/app/notices';
import { SlackSettings } from '../../../editor/slack/SlackSettings';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const toggles = {
  ticket_created: true,
  ticket_assigned: true,
  status_changed: true,
  ticket_closed: true,
  comment_added: false,
  rating_received: true,
  stage_upcoming: false,
};

function workspace(enabled: boolean) {
  return {
    id: 'slack-1',
    name: 'ACME',
    enabled,
    settings: {
      teamName: 'ACME',
      language: 'ja',
      mappingMode: 'all',
      toggles,
      lastError: enabled ? null : { code: 'not_in_channel', channel: 'CSALES', at: 1 },
      connectedBy: 'token',
    },
    mapping: [],
  };
}

function stubApi(enabled: boolean) {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      calls.push({ method, url, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
      if (url === '/api/slack') return json({ enabled: true, workspaces: [workspace(enabled)] });
      if (url.endsWith('/channels'))
        return json({
          items: [
            { id: 'CSUPPORT', name: 'support' },
            { id: 'CSALES', name: 'sales' },
          ],
        });
      if (url === '/api/desk/departments')
        return json({
          items: [
            { id: 'dep-a', name: 'サポート部' },
            { id: 'dep-b', name: '請求部' },
          ],
        });
      return json({});
    }),
  );
  return calls;
}

const render = () =>
  renderIn(
    'ja',
    h(NoticeProvider, { cancelLabel: 'キャンセル', closeLabel: '閉じる', children: h(SlackSettings) }),
  );

describe('Slack settings screen', () => {
  it('maps two departments to one channel and saves the mapping', async () => {
    const calls = stubApi(true);
    await render();
    await screen.findByText('ACME');
    fireEvent.click(screen.getByLabelText('部門ごとにチャンネルを選ぶ'));
    await waitFor(() => expect(screen.getAllByRole('option', { name: '#support' }).length).toBe(2));
    fireEvent.change(await screen.findByLabelText('サポート部'), { target: { value: 'CSUPPORT' } });
    fireEvent.change(screen.getByLabelText('請求部'), { target: { value: 'CSUPPORT' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.url).toBe('/api/slack/workspaces/slack-1/mapping');
    expect(put?.body).toEqual({
      mode: 'per_department',
      entries: [
        { departmentId: 'dep-a', channelId: 'CSUPPORT', channelName: 'support' },
        { departmentId: 'dep-b', channelId: 'CSUPPORT', channelName: 'support' },
      ],
    });
  });

  it('shows a switched-off workspace read-only, with its delivery error', async () => {
    stubApi(false);
    await render();
    await screen.findByText('無効のため読み取り専用です。');
    expect(screen.getByRole('alert').textContent).toContain('not_in_channel');
    const toggle = screen.getByLabelText('問い合わせの作成');
    expect(toggle.closest('fieldset')?.disabled).toBe(true);
  });
});
