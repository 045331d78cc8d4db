import { Type } from 'typebox';
import { NodeRegistry } from '../../runtime/engine/registry';
import { defineNode, type NodeDefinition } from '../../runtime/model/node-definition';
import { WORKFLOW_SCHEMA_VERSION } from '../../runtime/model/workflow';

/**
 * A small catalogue for the validator's tests, independent of nodes/: a trigger, an action with a
 * closed config, a waiting question that sets a variable, a choice with a branch per option, a
 * variable setter and a terminal node.
 */
const text = (en: string) => ({ ja: en, en });
const base = { version: 1, description: text('test node'), outputs: Type.Object({}) };

const definitions: NodeDefinition[] = [
  defineNode({
    ...base,
    type: 'test.manual',
    category: 'trigger',
    labels: text('Manual'),
    trigger: 'manual',
    config: Type.Object({ sample: Type.Optional(Type.Unknown()) }, { additionalProperties: false }),
    branches: ['next'],
    run: () => ({ branch: 'next' }),
  }),
  defineNode({
    ...base,
    type: 'test.webhook',
    category: 'trigger',
    labels: text('Webhook'),
    trigger: 'webhook',
    config: Type.Object({ path: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    branches: ['next'],
    run: () => ({ branch: 'next' }),
  }),
  defineNode({
    ...base,
    type: 'test.http_request',
    category: 'logic',
    labels: text('HTTP'),
    config: Type.Object(
      {
        url: Type.String({ minLength: 1 }),
        method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')])),
        timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60000 })),
        headers: Type.Optional(
          Type.Array(
            Type.Object({ name: Type.String(), value: Type.String() }, { additionalProperties: false }),
          ),
        ),
      },
      { additionalProperties: false },
    ),
    branches: ['success', 'failure'],
    run: () => ({ branch: 'success' }),
  }),
  defineNode({
    ...base,
    type: 'test.message',
    category: 'bot',
    labels: text('Message'),
    config: Type.Object({ text: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    branches: ['next'],
    run: () => ({ branch: 'next' }),
  }),
  defineNode({
    ...base,
    type: 'test.ask',
    category: 'bot',
    labels: text('Ask'),
    waits: true,
    config: Type.Object(
      {
        prompt: Type.String(),
        variable: Type.String({
          minLength: 1,
          pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
          'x-label': { ja: '回答を入れる変数', en: 'Save the answer to' },
          'x-help': { ja: '半角英数字と _ だけ。', en: 'Letters, digits and _ only.' },
        }),
      },
      { additionalProperties: false },
    ),
    setsVariables: { field: 'variable' },
    branches: ['answered', 'invalid_after_retries'],
    run: () => ({ branch: 'answered' }),
  }),
  defineNode({
    ...base,
    type: 'test.choice',
    category: 'bot',
    labels: text('Choice'),
    waits: true,
    config: Type.Object(
      {
        prompt: Type.String(),
        options: Type.Array(
          Type.Object({ label: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: false },
    ),
    dynamicBranches: { field: 'options', key: 'label' },
    branches: ['other'],
    run: () => ({ branch: 'other' }),
  }),
  defineNode({
    ...base,
    type: 'test.set',
    category: 'logic',
    labels: text('Set'),
    config: Type.Object(
      {
        assignments: Type.Array(
          Type.Object(
            { name: Type.String({ minLength: 1 }), value: Type.String() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    setsVariables: { field: 'assignments', key: 'name' },
    branches: ['next'],
    run: () => ({ branch: 'next' }),
  }),
  defineNode({
    ...base,
    type: 'test.if',
    category: 'logic',
    labels: text('If'),
    config: Type.Object({}, { additionalProperties: false }),
    branches: ['true', 'false'],
    run: () => ({ branch: 'true' }),
  }),
  defineNode({
    ...base,
    type: 'test.delay',
    category: 'logic',
    labels: text('Delay'),
    waits: true,
    config: Type.Object(
      {
        mode: Type.Union([Type.Literal('duration'), Type.Literal('until')]),
        amount: Type.Optional(Type.Number()),
        until: Type.Optional(Type.String()),
      },
      {
        additionalProperties: false,
        allOf: [
          {
            if: { type: 'object', properties: { mode: { const: 'until' } }, required: ['mode'] },
            then: { type: 'object', properties: { until: true }, required: ['until'] },
          },
        ],
      },
    ),
    branches: ['next'],
    run: () => ({ branch: 'next' }),
  }),
  defineNode({
    ...base,
    type: 'test.end',
    category: 'bot',
    labels: text('End'),
    config: Type.Object({}, { additionalProperties: false }),
    branches: [],
    run: () => ({ branch: 'end', stop: { status: 'succeeded' } }),
  }),
];

export function testRegistry(): NodeRegistry {
  return new NodeRegistry(definitions);
}

export interface NodeSpec {
  id: string;
  type: string;
  label?: string;
  config?: unknown;
  typeVersion?: number;
}

/** `[source, branch, target]`, or a full edge object when a test needs an odd one. */
export type EdgeSpec = [string, string, string] | Record<string, unknown>;

/** A workflow document around the given nodes and edges, with everything else filled in validly. */
export function workflow(nodes: NodeSpec[], edges: EdgeSpec[] = []): Record<string, unknown> {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    id: 'wf-test',
    name: 'Test workflow',
    settings: {},
    nodes: nodes.map((node, index) => ({
      id: node.id,
      type: node.type,
      typeVersion: node.typeVersion ?? 1,
      position: { x: index * 200, y: 0 },
      label: node.label ?? node.id,
      config: node.config ?? {},
    })),
    edges: edges.map((edge, index) =>
      Array.isArray(edge)
        ? { id: `e${index + 1}`, source: edge[0], sourceHandle: edge[1], target: edge[2] }
        : edge,
    ),
    notes: [],
  };
}
