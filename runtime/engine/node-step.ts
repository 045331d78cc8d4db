import { NodeError } from '../model/errors';
import type { NodeContext, NodeDefinition, NodeResult, RunSettings } from '../model/node-definition';
import type { ResumeEvent, RunState } from '../model/run';
import type { WorkflowNode } from '../model/workflow';
import { silentLogger, type Ports } from '../ports/index';
import { backoffDelay, DEFAULT_RETRY } from './retry';
import { renderConfig } from './templates';

export interface StepInput {
  definition: NodeDefinition;
  node: WorkflowNode;
  state: RunState;
  settings: RunSettings;
  ports: Ports;
  stepIndex: number;
  runSignal: AbortSignal | undefined;
  /** Present when a waiting node is woken. */
  resume?: { event: ResumeEvent; waitState: Record<string, unknown> };
}

export type StepOutcome =
  | { ok: true; result: NodeResult; config: Record<string, unknown>; attempt: number }
  | { ok: false; error: unknown; config: Record<string, unknown> | undefined; attempt: number };

/**
 * Runs one node: renders its config, calls `run` (or `resume`), and applies the node's retry
 * policy and timeout. Never throws: a failure comes back as an outcome for the executor to route.
 */
export async function executeStep(input: StepInput): Promise<StepOutcome> {
  const { definition, node, state } = input;
  let config: Record<string, unknown>;
  try {
    config = renderConfig(node.config, { trigger: state.trigger, vars: state.vars, nodes: state.nodes });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      attempt: 1,
      config: undefined,
      error: new NodeError({
        code: 'template_error',
        retryable: false,
        message: {
          ja: `「${node.label || node.id}」のテンプレートを処理できません: ${reason}`,
          en: `A template in "${node.label || node.id}" could not be rendered: ${reason}`,
        },
      }),
    };
  }
  const policy = definition.retry ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await attemptOnce(input, config, attempt);
      return { ok: true, result, config, attempt };
    } catch (error) {
      const retryable = !(error instanceof NodeError) || error.retryable;
      if (!retryable || attempt >= policy.attempts || input.runSignal?.aborted) {
        return { ok: false, error, config, attempt };
      }
      const hinted = error instanceof NodeError ? error.retryAfterMs : undefined;
      const delay = hinted ?? backoffDelay(policy, attempt);
      try {
        await input.ports.clock.sleep(delay, input.runSignal);
      } catch {
        return { ok: false, error, config, attempt };
      }
    }
  }
}

async function attemptOnce(
  input: StepInput,
  config: Record<string, unknown>,
  attempt: number,
): Promise<NodeResult> {
  const { definition, settings, ports, runSignal } = input;
  // The abort controller is made only when a node reads its signal or goes asynchronous: most
  // synchronous nodes never need one, and creating signals dominated the engine's own cost.
  let controller: AbortController | undefined;
  let onRunAbort: (() => void) | undefined;
  const ensureController = (): AbortController => {
    if (controller) return controller;
    const created = new AbortController();
    controller = created;
    if (runSignal) {
      onRunAbort = () => created.abort(runSignal.reason);
      if (runSignal.aborted) created.abort(runSignal.reason);
      else runSignal.addEventListener('abort', onRunAbort, { once: true });
    }
    return created;
  };
  const context = buildContext(input, config, attempt, () => ensureController().signal);
  try {
    const pending =
      input.resume && definition.resume
        ? definition.resume({ ...context, event: input.resume.event, waitState: input.resume.waitState })
        : definition.run(context);
    // A node that answers synchronously needs no timer: the fast path of set/condition nodes.
    if (!isPromise(pending)) return pending;
    return await withTimeout(pending, {
      ms: nodeTimeout(settings.nodeTimeoutMs, config),
      controller: ensureController(),
      ports,
      label: input.node,
    });
  } finally {
    if (onRunAbort) runSignal?.removeEventListener('abort', onRunAbort);
  }
}

function buildContext(
  input: StepInput,
  config: Record<string, unknown>,
  attempt: number,
  signal: () => AbortSignal,
): NodeContext<Record<string, unknown>> {
  const { state, node, ports } = input;
  const log = ports.logger ?? silentLogger;
  return {
    config,
    vars: state.vars,
    trigger: state.trigger,
    nodes: state.nodes,
    node: { id: node.id, type: node.type, label: node.label },
    run: {
      id: state.runId,
      workflowId: state.workflowId,
      stepIndex: input.stepIndex,
      attempt,
      idempotencyKey: `${state.runId}:${input.stepIndex}:${attempt}`,
      stepKey: `${state.runId}:${input.stepIndex}`,
      settings: input.settings,
    },
    ports,
    log,
    get signal() {
      return signal();
    },
    port: (name) => {
      const port = ports[name];
      if (port === undefined) {
        throw new NodeError({
          code: 'port_missing',
          retryable: false,
          message: {
            ja: `この実行環境には「${name}」の接続がありません`,
            en: `This environment provides no "${name}" connection`,
          },
        });
      }
      return port;
    },
  };
}

async function withTimeout(
  pending: Promise<NodeResult>,
  options: { ms: number; controller: AbortController; ports: Ports; label: WorkflowNode },
): Promise<NodeResult> {
  const timer = new AbortController();
  const timeout = options.ports.clock.sleep(options.ms, timer.signal).then(
    () => {
      const error = new NodeError({
        code: 'timeout',
        message: {
          ja: `「${options.label.label || options.label.id}」が ${options.ms} ms 以内に終わりませんでした`,
          en: `"${options.label.label || options.label.id}" did not finish within ${options.ms} ms`,
        },
      });
      options.controller.abort(error);
      throw error;
    },
    () => new Promise<never>(() => {}),
  );
  try {
    return await Promise.race([pending, timeout]);
  } catch (error) {
    // The node may reject on its aborted signal before our timeout error lands: report the cause.
    const reason: unknown = options.controller.signal.reason;
    throw options.controller.signal.aborted && reason instanceof NodeError ? reason : error;
  } finally {
    timer.abort();
  }
}

/** A node with its own `timeoutMs` (an HTTP request allowed 120 s) gets that plus a margin to report it itself. */
function nodeTimeout(defaultMs: number, config: Record<string, unknown>): number {
  const own = config.timeoutMs;
  return typeof own === 'number' && Number.isFinite(own) ? Math.max(defaultMs, own + 1000) : defaultMs;
}

function isPromise(value: NodeResult | Promise<NodeResult>): value is Promise<NodeResult> {
  return value instanceof Promise;
}
