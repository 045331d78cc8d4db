// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import { VariablePicker } from '../../editor/inspector/VariablePicker';
import { availableVariables, insertVariable } from '../../editor/inspector/variables';
import { VariableContext } from '../../editor/inspector/variable-context';
import ConfigForm from '../../editor/inspector/ConfigForm';
import type { FlowEdge, FlowNode } from '../../editor/store/flow-types';
import { h, renderIn } from './support/render';

afterEach(cleanup);

function descriptor(
  partial: Partial<NodeDescriptor> & Pick<NodeDescriptor, 'type' | 'category'>,
): NodeDescriptor {
  return {
    version: 1,
    labels: { ja: partial.type, en: partial.type },
    description: { ja: '', en: '' },
    config: { type: 'object', properties: {} },
    branches: ['next'],
    outputs: { type: 'object', properties: {} },
    migrates: false,
    ...partial,
  };
}

const catalogue = new Map<string, NodeDescriptor>([
  [
    'trigger.webhook',
    descriptor({
      type: 'trigger.webhook',
      category: 'trigger',
      trigger: 'webhook',
      outputs: { type: 'object', properties: { body: {}, headers: {}, query: {} } },
    }),
  ],
  [
    'bot.ask',
    descriptor({
      type: 'bot.ask',
      category: 'bot',
      setsVariables: { field: 'variable' },
      outputs: { type: 'object', properties: { answer: { type: 'string' } } },
    }),
  ],
  ['mail.send', descriptor({ type: 'mail.send', category: 'mail' })],
]);

function step(id: string, type: string, config: Record<string, unknown> = {}): FlowNode {
  return { id, type: 'step', position: { x: 0, y: 0 }, data: { type, typeVersion: 1, label: id, config } };
}

const nodes: FlowNode[] = [
  step('hook', 'trigger.webhook'),
  step('ask', 'bot.ask', { variable: 'email' }),
  step('mail', 'mail.send'),
  step('later', 'bot.ask', { variable: 'afterwards' }),
];
const edges: FlowEdge[] = [
  { id: 'e1', source: 'hook', sourceHandle: 'next', target: 'ask' },
  { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'mail' },
  { id: 'e3', source: 'mail', sourceHandle: 'next', target: 'later' },
];

describe('availableVariables', () => {
  it('offers trigger fields, variables and outputs from upstream only, with sample values', () => {
    const options = availableVariables({
      nodeId: 'mail',
      nodes,
      edges,
      catalogue,
      lang: 'en',
      sample: { body: { name: 'Hanako' } },
    });
    const paths = options.map((o) => o.path);
    expect(paths).toEqual(
      expect.arrayContaining(['trigger.body', 'trigger.body.name', 'vars.email', 'nodes.ask.answer']),
    );
    // `later` runs after the mail node: its variable does not exist yet at this point.
    expect(paths).not.toContain('vars.afterwards');
    expect(options.find((o) => o.path === 'trigger.body.name')?.example).toBe('Hanako');
  });

  it('offers nothing to the trigger itself', () => {
    expect(availableVariables({ nodeId: 'hook', nodes, edges, catalogue, lang: 'ja' })).toEqual([]);
  });
});

describe('insertVariable', () => {
  it('inserts {{ path }} at the cursor, replacing a selection', () => {
    expect(insertVariable({ text: 'Hello !', path: 'vars.name', start: 6, end: 6 })).toEqual({
      text: 'Hello {{ vars.name }}!',
      cursor: 21,
    });
    expect(insertVariable({ text: 'Hi XX', path: 'vars.a', start: 3, end: 5 }).text).toBe('Hi {{ vars.a }}');
  });
});

describe('VariablePicker', () => {
  const options = availableVariables({
    nodeId: 'mail',
    nodes,
    edges,
    catalogue,
    lang: 'ja',
    sample: { body: { name: 'x' } },
  });

  it('filters as you type and picks with the keyboard', async () => {
    const onPick = vi.fn();
    await renderIn('ja', h(VariablePicker, { options, onPick, onClose: vi.fn() }));
    const search = screen.getByRole('combobox');
    fireEvent.change(search, { target: { value: 'email' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('vars.email'),
    ]);
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(onPick).toHaveBeenCalledWith('vars.email');
  });

  it('groups options under headings in the user language', async () => {
    await renderIn('en', h(VariablePicker, { options, onPick: vi.fn(), onClose: vi.fn() }));
    expect(screen.getByText('Trigger data')).toBeTruthy();
    expect(screen.getByText('Variables')).toBeTruthy();
    expect(screen.getByText('Outputs of earlier nodes')).toBeTruthy();
  });

  it('closes on Escape', async () => {
    const onClose = vi.fn();
    await renderIn('ja', h(VariablePicker, { options, onPick: vi.fn(), onClose }));
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });
});

describe('template field', () => {
  it('inserts the picked variable into the field as {{ … }}', async () => {
    const onChange = vi.fn();
    const schema = {
      type: 'object',
      properties: {
        subject: { type: 'string', 'x-widget': 'template', 'x-label': { ja: '件名', en: 'Subject' } },
      },
    };
    const options = availableVariables({ nodeId: 'mail', nodes, edges, catalogue, lang: 'ja' });
    await renderIn(
      'ja',
      h(
        VariableContext.Provider,
        { value: { options, preview: null } },
        h(ConfigForm, {
          nodeId: 'mail',
          schema,
          config: { subject: 'Hi ' },
          readOnly: false,
          lang: 'ja',
          onChange,
        }),
      ),
    );
    const field = await screen.findByLabelText('件名');
    fireEvent.focus(field);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '変数を挿入' }));
    });
    fireEvent.click(screen.getByRole('option', { name: /vars\.email/ }));
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ subject: 'Hi {{ vars.email }}' }));
  });
});
