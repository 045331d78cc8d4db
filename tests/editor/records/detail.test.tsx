// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NoticeProvider } from '../../../editor/app/notices';
import { RecordDetail } from '../../../editor/records/RecordDetail';
import { h, renderIn } from '../support/render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const modules = {
  items: [
    {
      module: 'contacts',
      labels: { ja: '連絡先', en: 'Contacts' },
      pipeline: false,
      fields: [
        { key: 'name', label: { ja: '氏名', en: 'Name' }, kind: 'text', required: true },
        { key: 'phone', label: { ja: '電話番号', en: 'Phone' }, kind: 'phone' },
        { key: 'email', label: { ja: 'メール', en: 'E-mail' }, kind: 'email' },
      ],
    },
  ],
};

const timeline = {
  stageHistory: [],
  activity: [],
  runs: [{ runId: 'run-1', workflowId: 'w1', at: '2026-11-22T00:00:00Z' }],
  calls: [{ id: 'call-1', module: 'calls', name: '通話 - 着信' }],
  tasks: [
    { id: 't1', module: 'tasks', name: '見積書を送る', status: 'open', dueAt: null },
    { id: 't2', module: 'tasks', name: '通話 - 着信 / (2)分', status: 'done', dueAt: null },
  ],
  pendingAutomations: [],
};

function stubApi() {
  const patches: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
      if (init.method === 'PATCH') {
        patches.push(typeof init.body === 'string' ? JSON.parse(init.body) : undefined);
        return json(
          {
            error: {
              code: 'validation_failed',
              message: { ja: '入力エラー', en: 'Invalid input' },
              details: [
                { field: 'email', message: { ja: '形式が正しくありません。', en: 'is not an e-mail.' } },
              ],
            },
          },
          400,
        );
      }
      if (url === '/api/records') return json(modules);
      if (url === '/api/records/contacts/k1')
        return json({ id: 'k1', module: 'contacts', name: '山田 太郎', phone: '03-1234-5678', email: null });
      if (url === '/api/records/contacts/k1/timeline') return json(timeline);
      return json({ items: [] });
    }),
  );
  return patches;
}

const detail = () =>
  h(NoticeProvider, {
    cancelLabel: 'c',
    closeLabel: 'x',
    children: h(RecordDetail, { module: 'contacts', id: 'k1' }),
  });

describe('record detail', () => {
  it("shows a contact's fields, next steps (open to-dos), past activities (completed) and the runs", async () => {
    stubApi();
    await renderIn('ja', detail());
    expect(await screen.findByRole('heading', { name: '山田 太郎' })).toBeTruthy();
    expect(screen.getByText('03-1234-5678')).toBeTruthy();
    const next = screen.getByRole('list', { name: '次のステップ' });
    expect(within(next).getByRole('link', { name: '見積書を送る' })).toBeTruthy();
    expect(within(next).queryByText('通話 - 着信 / (2)分')).toBeNull();
    const past = screen.getByRole('list', { name: '過去の活動' });
    expect(within(past).getByRole('link', { name: '通話 - 着信 / (2)分' })).toBeTruthy();
    expect(
      within(screen.getByRole('list', { name: 'このレコードに関わった実行' })).getByRole('link', {
        name: 'run-1',
      }),
    ).toBeTruthy();
  });

  it('edits and shows the field the API refused, in English', async () => {
    const patches = stubApi();
    await renderIn('en', detail());
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: /E-mail/ }), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({ email: 'nope', name: '山田 太郎' });
    expect(await screen.findByText('E-mail: is not an e-mail.')).toBeTruthy();
  });
});
