import { NodeError } from '../../runtime/model/errors';
import type {
  NodeContext,
  NodeDefinition,
  NodeResult,
  ResumeContext,
  RunSettings,
} from '../../runtime/model/node-definition';
import type { ResumeEvent } from '../../runtime/model/run';
import { DEFAULT_SETTINGS } from '../../runtime/model/workflow';
import { silentLogger, type Ports } from '../../runtime/ports/index';

/** 2026-11-22 09:00 in Tokyo: the time every node test runs at. */
export const T = Date.parse('2026-11-22T09:00:00+09:00');

export interface ContextOptions {
  config: Record<string, unknown>;
  vars?: Record<string, unknown>;
  trigger?: unknown;
  ports?: Omit<Partial<Ports>, 'clock'>;
  now?: number;
  settings?: Partial<RunSettings>;
  runId?: string;
  nodeId?: string;
  signal?: AbortSignal;
  /** Which attempt of the step this is (1 unless a retry is simulated). */
  attempt?: number;
}

/** A node context as the engine would build it, with a clock frozen at `now` (default T). */
export function makeContext(options: ContextOptions): NodeContext<Record<string, unknown>> {
  const now = options.now ?? T;
  const ports: Ports = { clock: { now: () => now, sleep: async () => {} }, ...options.ports };
  const runId = options.runId ?? 'run-1';
  const nodeId = options.nodeId ?? 'node-1';
  return {
    config: options.config,
    vars: options.vars ?? {},
    trigger: options.trigger ?? {},
    nodes: {},
    node: { id: nodeId, type: 'test', label: nodeId },
    run: {
      id: runId,
      workflowId: 'wf-1',
      stepIndex: 3,
      attempt: options.attempt ?? 1,
      idempotencyKey: `${runId}:3:${options.attempt ?? 1}`,
      stepKey: `${runId}:3`,
      settings: { ...DEFAULT_SETTINGS, ...options.settings },
    },
    ports,
    log: silentLogger,
    signal: options.signal ?? new AbortController().signal,
    port: <K extends keyof Ports>(name: K): NonNullable<Ports[K]> => {
      const port = ports[name];
      if (port === undefined || port === null) {
        throw new NodeError({ code: 'port_missing', retryable: false, message: `no ${name} port` });
      }
      return port;
    },
  };
}

export function makeResumeContext(
  options: ContextOptions & { event: ResumeEvent; waitState?: Record<string, unknown> },
): ResumeContext<Record<string, unknown>> {
  return { ...makeContext(options), event: options.event, waitState: options.waitState ?? {} };
}

/** Calls `run`. */
export async function run(node: NodeDefinition, options: ContextOptions): Promise<NodeResult> {
  return node.run(makeContext(options));
}

/** Calls `resume` (which the node must have). */
export async function resume(
  node: NodeDefinition,
  options: ContextOptions & { event: ResumeEvent; waitState?: Record<string, unknown> },
): Promise<NodeResult> {
  if (!node.resume) throw new Error(`${node.type} has no resume`);
  return node.resume(makeResumeContext(options));
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<NodeError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof NodeError) return error;
    throw error;
  }
  throw new Error('expected a NodeError, but it succeeded');
}

/** The JSON Schema of one top-level config field of a node. */
export function configField(node: NodeDefinition, name: string): Record<string, unknown> {
  const schema = node.config as { properties?: Record<string, Record<string, unknown>> };
  const field = schema.properties?.[name];
  if (!field) throw new Error(`${node.type} has no config field ${name}`);
  return field;
}
