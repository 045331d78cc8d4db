import type { FromSchema } from 'json-schema-to-ts';

export const WORKFLOW_SCHEMA_VERSION = 1;

/** Identifiers are short, URL-safe and stable: they become React Flow ids and JSON paths. */
const idSchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' } as const;

const positionSchema = {
  type: 'object',
  properties: { x: { type: 'number' }, y: { type: 'number' } },
  required: ['x', 'y'],
  additionalProperties: false,
} as const;

export const workflowSettingsSchema = {
  type: 'object',
  properties: {
    maxSteps: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    nodeTimeoutMs: { type: 'integer', minimum: 1, maximum: 3_600_000 },
    runTimeoutMs: { type: 'integer', minimum: 1, maximum: 604_800_000 },
    errorWorkflowId: { type: 'string', minLength: 1 },
    timeZone: { type: 'string', minLength: 1 },
    payloadLimitBytes: { type: 'integer', minimum: 256 },
    allowPrivateNetwork: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

/** JSON Schema of the workflow document (SPEC §4). Published at /api/schemas/workflow.json. */
export const workflowSchema = {
  $id: 'https://musubi.dev/schemas/workflow.json',
  title: 'Musubi workflow',
  type: 'object',
  properties: {
    schemaVersion: { const: WORKFLOW_SCHEMA_VERSION },
    id: idSchema,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 5000 },
    settings: workflowSettingsSchema,
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: idSchema,
          type: { type: 'string', minLength: 1 },
          typeVersion: { type: 'integer', minimum: 1 },
          position: positionSchema,
          label: { type: 'string', maxLength: 200 },
          config: { type: 'object' },
          disabled: { type: 'boolean' },
        },
        required: ['id', 'type', 'typeVersion', 'position', 'label', 'config'],
        additionalProperties: false,
      },
    },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: idSchema,
          source: idSchema,
          sourceHandle: { type: 'string', minLength: 1 },
          target: idSchema,
        },
        required: ['id', 'source', 'sourceHandle', 'target'],
        additionalProperties: false,
      },
    },
    notes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: idSchema,
          text: { type: 'string', maxLength: 10000 },
          position: positionSchema,
          width: { type: 'number', minimum: 0 },
          height: { type: 'number', minimum: 0 },
          color: { type: 'string', maxLength: 30 },
        },
        required: ['id', 'text', 'position'],
        additionalProperties: false,
      },
    },
  },
  required: ['schemaVersion', 'id', 'name', 'settings', 'nodes', 'edges', 'notes'],
  additionalProperties: false,
} as const;

export type WorkflowDocument = FromSchema<typeof workflowSchema>;
export type WorkflowSettings = FromSchema<typeof workflowSettingsSchema>;
export type WorkflowNode = WorkflowDocument['nodes'][number];
export type WorkflowEdge = WorkflowDocument['edges'][number];
export type WorkflowNote = WorkflowDocument['notes'][number];

export const DEFAULT_SETTINGS = {
  maxSteps: 1000,
  nodeTimeoutMs: 30_000,
  runTimeoutMs: 3_600_000,
  timeZone: 'Asia/Tokyo',
  payloadLimitBytes: 64 * 1024,
  allowPrivateNetwork: false,
} as const;
