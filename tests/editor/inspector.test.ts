// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import ConfigForm from '../../editor/inspector/ConfigForm';
import { Inspector } from '../../editor/inspector/Inspector';
import { validateValue } from '../../editor/inspector/form-validator';
import { EditorStore } from '../../editor/store/editor-store';
import { h, renderIn } from './support/render';

afterEach(cleanup);

const webhookSchema = {
  type: 'object',
  required: ['path'],
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      pattern: '^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*$',
      'x-label': { ja: 'パス', en: 'Path' },
      'x-help': { ja: '半角小文字で書きます。', en: 'Lowercase letters.' },
    },
    method: {
      anyOf: [
        { type: 'string', const: 'GET' },
        { type: 'string', const: 'POST' },
      ],
      default: 'POST',
      'x-label': { ja: 'HTTP メソッド', en: 'HTTP method' },
    },
    secret: { type: 'string', 'x-secret': true, 'x-label': { ja: '秘密の値', en: 'Secret' } },
  },
  additionalProperties: false,
};

function form(o: {
  lang: 'ja' | 'en';
  config: Record<string, unknown>;
  onChange?: (c: Record<string, unknown>) => void;
}) {
  return renderIn(
    o.lang,
    h(ConfigForm, {
      nodeId: 'hook',
      schema: webhookSchema,
      config: o.config,
      readOnly: false,
      lang: o.lang,
      onChange: o.onChange ?? vi.fn(),
    }),
  );
}

describe('config form', () => {
  it('titles and help come from x-label / x-help in the user language', async () => {
    await form({ lang: 'ja', config: {} });
    expect(await screen.findByLabelText(/パス/)).toBeTruthy();
    expect(screen.getByText('半角小文字で書きます。')).toBeTruthy();
    cleanup();
    await form({ lang: 'en', config: {} });
    expect(await screen.findByLabelText(/Path/)).toBeTruthy();
    expect(screen.getByText('Lowercase letters.')).toBeTruthy();
  });

  it('shows a union of constants as a pick list and a secret as a password field', async () => {
    await form({ lang: 'en', config: { method: 'POST' } });
    const select = await screen.findByLabelText(/HTTP method/);
    expect(select.tagName).toBe('SELECT');
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(
      expect.arrayContaining(['GET', 'POST']),
    );
    expect(screen.getByLabelText<HTMLInputElement>(/Secret/).type).toBe('password');
  });

  it('marks an invalid value on its field in the user language and clears it when fixed', async () => {
    const onChange = vi.fn();
    await form({ lang: 'ja', config: { path: 'ok' }, onChange });
    const input = await screen.findByLabelText(/パス/);
    fireEvent.focus(input);
    await act(async () => {
      fireEvent.change(input, { target: { value: 'Bad Path!' } });
    });
    await waitFor(() => expect(screen.getByText('形式が正しくありません。')).toBeTruthy());
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ path: 'Bad Path!' }));
    await act(async () => {
      fireEvent.change(input, { target: { value: 'orders/created' } });
    });
    await waitFor(() => expect(screen.queryByText('形式が正しくありません。')).toBeNull());
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ path: 'orders/created' }));
  });

  it('does not report a change before the person edits anything', async () => {
    const onChange = vi.fn();
    await form({ lang: 'ja', config: {}, onChange });
    await screen.findByLabelText(/パス/);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('inspector', () => {
  const descriptor = {
    type: 'trigger.webhook',
    version: 1,
    category: 'trigger',
    trigger: 'webhook',
    labels: { ja: 'Webhook', en: 'Webhook' },
    description: { ja: '外部から呼ばれたとき', en: 'When called' },
    config: webhookSchema,
    branches: ['next'],
    branchLabels: { next: { ja: '次へ', en: 'Next' } },
    outputs: { type: 'object', properties: {} },
    migrates: false,
  } as unknown as NodeDescriptor;

  function storeWithNode(): EditorStore {
    return new EditorStore({
      meta: { schemaVersion: 1, id: 'wf', name: 'wf', settings: {} },
      nodes: [
        {
          id: 'hook',
          type: 'step',
          selected: true,
          position: { x: 0, y: 0 },
          data: { type: 'trigger.webhook', typeVersion: 1, label: 'Webhook', config: { path: 'a' } },
        },
      ],
      edges: [],
    });
  }

  it('edits the label and the config of the selected node, each undoable', async () => {
    const store = storeWithNode();
    await renderIn(
      'en',
      h(Inspector, {
        store,
        catalogue: new Map([[descriptor.type, descriptor]]),
        readOnly: false,
        lastRun: null,
        problems: [],
      }),
    );
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Order hook' } });
    expect(store.flow.nodes[0]?.data).toMatchObject({ label: 'Order hook' });

    const path = await screen.findByLabelText(/Path/);
    fireEvent.focus(path);
    await act(async () => {
      fireEvent.change(path, { target: { value: 'orders' } });
    });
    expect(store.flow.nodes[0]?.data).toMatchObject({ config: { path: 'orders' } });
    act(() => store.undo());
    expect(store.flow.nodes[0]?.data).toMatchObject({ config: { path: 'a' } });
    act(() => store.undo());
    expect(store.flow.nodes[0]?.data).toMatchObject({ label: 'Webhook' });
    act(() => store.redo());
    expect(store.flow.nodes[0]?.data).toMatchObject({ label: 'Order hook' });
  });

  it('lists the node branches with their labels and asks to select a node otherwise', async () => {
    const store = storeWithNode();
    await renderIn(
      'ja',
      h(Inspector, {
        store,
        catalogue: new Map([[descriptor.type, descriptor]]),
        readOnly: false,
        lastRun: null,
        problems: [],
      }),
    );
    expect(screen.getByText('次へ')).toBeTruthy();
    act(() =>
      store.change((flow) => ({ ...flow, nodes: flow.nodes.map((n) => ({ ...n, selected: false })) }), {
        record: false,
      }),
    );
    expect(screen.getByText('ノードを選ぶと、ここで設定できます。')).toBeTruthy();
  });
});

describe('condition builder', () => {
  const schema = {
    type: 'object',
    required: ['conditions'],
    properties: {
      conditions: {
        type: 'object',
        'x-widget': 'conditions',
        'x-label': { ja: '条件', en: 'Conditions' },
        required: ['combinator', 'rules'],
        properties: {
          combinator: {
            anyOf: [
              { type: 'string', const: 'all' },
              { type: 'string', const: 'any' },
            ],
          },
          rules: {
            type: 'array',
            items: {
              type: 'object',
              required: ['left', 'operator'],
              properties: {
                left: { type: 'string', 'x-widget': 'template' },
                operator: { enum: ['equals', 'greater_than', 'is_empty'] },
                right: { type: 'string', 'x-widget': 'template' },
              },
            },
          },
        },
      },
    },
  };

  it('shows rules as rows with operators in words and adds one', async () => {
    const onChange = vi.fn();
    await renderIn(
      'ja',
      h(ConfigForm, {
        nodeId: 'cond',
        schema,
        config: {
          conditions: {
            combinator: 'all',
            rules: [{ left: '{{ vars.a }}', operator: 'greater_than', right: '3' }],
          },
        },
        readOnly: false,
        lang: 'ja',
        onChange,
      }),
    );
    const operator = await screen.findByLabelText('演算子');
    expect([...operator.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      '等しい',
      'より大きい',
      '空である',
    ]);
    expect(screen.getByLabelText<HTMLSelectElement>('次の条件を').value).toBe('all');
    fireEvent.click(screen.getByRole('button', { name: /条件を追加/ }));
    expect(onChange).toHaveBeenLastCalledWith({
      conditions: {
        combinator: 'all',
        rules: [
          { left: '{{ vars.a }}', operator: 'greater_than', right: '3' },
          { left: '', operator: 'equals', right: '' },
        ],
      },
    });
  });

  it('hides "compare with" for operators that look at the value only', async () => {
    await renderIn(
      'en',
      h(ConfigForm, {
        nodeId: 'cond',
        schema,
        config: { conditions: { combinator: 'any', rules: [{ left: 'x', operator: 'is_empty' }] } },
        readOnly: false,
        lang: 'en',
        onChange: vi.fn(),
      }),
    );
    await screen.findByLabelText('Operator');
    expect(screen.queryByLabelText('Compare with')).toBeNull();
  });
});

describe('form validator', () => {
  it('reports required, pattern and conditional requirements without compiling code', () => {
    const schema = {
      ...webhookSchema,
      properties: { ...webhookSchema.properties, auth: { enum: ['none', 'hmac'] } },
      allOf: [
        {
          if: { properties: { auth: { const: 'hmac' } }, required: ['auth'] },
          then: { required: ['secret'] },
        },
      ],
    };
    const keywords = (value: unknown) =>
      validateValue({ schema, value }).map((e) => `${e.keyword}:${e.path.join('.')}`);
    expect(keywords({})).toEqual(['required:path']);
    expect(keywords({ path: 'Bad!' })).toEqual(['pattern:path']);
    expect(keywords({ path: 'ok', auth: 'hmac' })).toEqual(['required:secret']);
    expect(keywords({ path: 'ok', method: 'PUT' })).toEqual(['enum:method']);
    expect(keywords({ path: 'ok', extra: 1 })).toEqual(['additionalProperties:extra']);
  });

  it('names the field of the closest variant in a union of objects', () => {
    const schema = {
      type: 'array',
      items: {
        anyOf: [
          { type: 'object', required: ['left'], properties: { left: { type: 'string', maxLength: 3 } } },
          { type: 'object', required: ['rules'], properties: { rules: { type: 'array' } } },
        ],
      },
    };
    expect(validateValue({ schema, value: [{ left: 'too long' }] }).map((e) => e.path.join('.'))).toEqual([
      '0.left',
    ]);
  });
});
