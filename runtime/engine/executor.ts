import { NodeError, toErrorRecord, type ErrorRecord } from '../model/errors';
import type { NodeDefinition, NodeResult, RunSettings } from '../model/node-definition';
import type { ResumeEvent, RunState, StepRecord } from '../model/run';
import type { WorkflowNode } from '../model/workflow';
import { branchKey, indexGraph, type GraphIndex } from './graph-index';
import { limitPayload, redact, secretPaths } from './payload';
import type { ContinueRunOptions, CreateRunOptions, ResumeRunOptions, RunEnvironment } from './run-api';
import { resolveSettings } from './settings';
import { executeStep, type StepOutcome } from './node-step';

/**
 * Creates a run at its trigger node without executing anything: the value a server stores (and
 * queues) before it acknowledges the trigger.
 */
export function createRun(options: CreateRunOptions): RunState {
  const { workflow, registry } = options;
  const trigger = options.triggerNodeId
    ? workflow.nodes.find((node) => node.id === options.triggerNodeId)
    : workflow.nodes.find((node) => registry.get(node.type)?.trigger !== undefined);
  if (!trigger || registry.get(trigger.type)?.trigger === undefined) {
    throw new NodeError({
      code: 'no_trigger',
      retryable: false,
      message: options.triggerNodeId
        ? {
            ja: `トリガー「${options.triggerNodeId}」がワークフローにありません`,
            en: `The workflow has no trigger node "${options.triggerNodeId}"`,
          }
        : {
            ja: 'ワークフローにトリガーがありません。トリガーノードを追加してください',
            en: 'The workflow has no trigger node. Add one to start runs',
          },
    });
  }
  return {
    runId: options.runId ?? crypto.randomUUID(),
    workflowId: workflow.id,
    status: 'running',
    trigger: options.payload ?? {},
    triggerNodeId: trigger.id,
    vars: { ...options.vars },
    nodes: {},
    stack: [{ nodeId: trigger.id }],
    steps: [],
    startedAt: options.now,
  };
}

/** Creates a run and executes it until it finishes or waits. */
export async function startRun(options: CreateRunOptions & RunEnvironment): Promise<RunState> {
  return continueRun({ ...options, state: createRun(options) });
}

/**
 * Executes a running run until it finishes or waits. Returns a new state; the argument is left
 * untouched. A run restored from a checkpoint continues from its stack.
 */
export async function continueRun(options: ContinueRunOptions): Promise<RunState> {
  const state = structuredClone(options.state);
  if (state.status !== 'running') return state;
  return drive(state, options);
}

/** Wakes a waiting run with an event (a chat message, the time it waited for, a timeout …). */
export async function resumeRun(options: ResumeRunOptions): Promise<RunState> {
  const state = structuredClone(options.state);
  const waiting = state.waiting;
  if (state.status !== 'waiting' || !waiting) return state;
  const index = indexGraph(options.workflow);
  const node = index.nodes.get(waiting.nodeId);
  const definition = node ? options.registry.get(node.type) : undefined;
  state.status = 'running';
  delete state.waiting;
  if (!node || !definition) return fail(state, missingNodeError(waiting.nodeId), options);
  const settings = resolveSettings(options.workflow.settings);
  // A resumed node may act too (send, call): only while the store still holds the run.
  const fenced = options.hooks?.beforeStep?.(node.id);
  if (fenced) await fenced;
  if (options.signal?.aborted) {
    state.status = 'canceled';
    state.finishedAt = options.ports.clock.now();
    state.error = { code: 'canceled', message: 'The run was canceled' };
    return state;
  }
  const startedAt = options.ports.clock.now();
  const outcome = definition.resume
    ? await executeStep({
        definition,
        node,
        state,
        settings,
        ports: options.ports,
        stepIndex: state.steps.length,
        runSignal: options.signal,
        resume: { event: options.event, waitState: waiting.wait.state ?? {} },
      })
    : defaultResume(definition, node, options.event);
  const proceed = await applyOutcome({
    state,
    node,
    definition,
    outcome,
    settings,
    index,
    env: options,
    startedAt,
  });
  return proceed ? drive(state, options) : state;
}

/** A node without `resume` continues on its first branch when its wait ends. */
function defaultResume(definition: NodeDefinition, node: WorkflowNode, event: ResumeEvent): StepOutcome {
  const branch = definition.branches[0] ?? 'next';
  return { ok: true, attempt: 1, config: node.config, result: { branch, output: { resumedBy: event.kind } } };
}

async function drive(state: RunState, env: RunEnvironment): Promise<RunState> {
  const index = indexGraph(env.workflow);
  const settings = resolveSettings(env.workflow.settings);
  const clock = env.ports.clock;
  while (state.status === 'running') {
    const visit = state.stack.pop();
    if (!visit) {
      state.status = 'succeeded';
      state.finishedAt = clock.now();
      break;
    }
    // The fence: a store that lost the run's lease aborts the signal here, before the node starts.
    const fenced = env.hooks?.beforeStep?.(visit.nodeId);
    if (fenced) await fenced;
    if (env.signal?.aborted) {
      state.status = 'canceled';
      state.finishedAt = clock.now();
      state.error = { code: 'canceled', message: 'The run was canceled' };
      break;
    }
    if (state.steps.length >= settings.maxSteps) {
      return fail(state, maxStepsError(settings.maxSteps), env);
    }
    if (clock.now() - state.startedAt > settings.runTimeoutMs) {
      return fail(state, runTimeoutError(settings.runTimeoutMs), env);
    }
    const node = index.nodes.get(visit.nodeId);
    const definition = node ? env.registry.get(node.type) : undefined;
    if (!node || !definition) return fail(state, missingNodeError(visit.nodeId), env);
    const startedAt = clock.now();
    const outcome = await executeStep({
      definition,
      node,
      state,
      settings,
      ports: env.ports,
      stepIndex: state.steps.length,
      runSignal: env.signal,
    });
    await applyOutcome({ state, node, definition, outcome, settings, index, env, startedAt });
  }
  return state;
}

interface ApplyInput {
  startedAt: number;
  state: RunState;
  node: WorkflowNode;
  definition: NodeDefinition;
  outcome: StepOutcome;
  settings: RunSettings;
  index: GraphIndex;
  env: RunEnvironment;
}

/** Records the step and moves the run on. Returns false when the run stopped (failed, waiting, ended). */
async function applyOutcome(input: ApplyInput): Promise<boolean> {
  const { state, node, definition, outcome, settings, index, env, startedAt } = input;
  if (!outcome.ok) return applyFailure(input, outcome);
  const result = outcome.result;
  // A waiting node's branch is decided when it resumes.
  if (!result.wait && !env.registry.hasBranch(node.type, outcome.config, result.branch)) {
    const error = new NodeError({
      code: 'unknown_branch',
      retryable: false,
      message: {
        ja: `「${node.label || node.id}」が存在しない分岐「${result.branch}」を返しました`,
        en: `"${node.label || node.id}" returned the branch "${result.branch}", which it does not have`,
      },
    });
    return applyFailure(input, { ok: false, error, config: outcome.config, attempt: outcome.attempt });
  }
  if (result.output !== undefined) state.nodes[node.id] = result.output;
  if (result.setVars) Object.assign(state.vars, result.setVars);
  if (result.respond) state.response = result.respond;
  const step = makeStep({ state, node, definition, settings, startedAt, attempt: outcome.attempt });
  if (!result.wait) step.branch = result.branch;
  step.durationMs = env.ports.clock.now() - startedAt;
  step.input = recordInput(definition, outcome.config, settings);
  if (result.output !== undefined)
    step.output = limitPayload(redact(result.output), settings.payloadLimitBytes);
  return finishStep(state, step, result, { index, env, node });
}

async function finishStep(
  state: RunState,
  step: StepRecord,
  result: NodeResult,
  context: { index: GraphIndex; env: RunEnvironment; node: WorkflowNode },
): Promise<boolean> {
  const { index, env, node } = context;
  const now = env.ports.clock.now();
  if (result.wait) {
    step.status = 'waiting';
    state.status = 'waiting';
    state.waiting = { nodeId: node.id, stepIndex: step.index, wait: result.wait, since: now };
  } else if (result.stop) {
    state.stack = [];
    state.status = result.stop.status === 'failed' ? 'failed' : 'succeeded';
    state.finishedAt = now;
    if (result.stop.status === 'failed') {
      state.error = { code: 'stopped', message: result.stop.message ?? 'Stopped', nodeId: node.id };
    }
  } else {
    pushTargets(state, index, node.id, result.branch);
  }
  state.steps.push(step);
  await env.hooks?.onStep?.(step, state);
  return state.status === 'running';
}

async function applyFailure(
  input: ApplyInput,
  outcome: Extract<StepOutcome, { ok: false }>,
): Promise<boolean> {
  const { state, node, definition, settings, index, env, startedAt } = input;
  const error = toErrorRecord(outcome.error);
  const step = makeStep({ state, node, definition, settings, startedAt, attempt: outcome.attempt });
  step.durationMs = env.ports.clock.now() - startedAt;
  step.status = 'failed';
  step.error = error;
  if (outcome.config) step.input = recordInput(definition, outcome.config, settings);
  const failureTargets = index.targets.get(branchKey(node.id, 'failure'));
  if (failureTargets && failureTargets.length > 0 && definition.branches.includes('failure')) {
    step.branch = 'failure';
    state.nodes[node.id] = { error };
    return finishStep(state, step, { branch: 'failure' }, { index, env, node });
  }
  state.steps.push(step);
  state.status = 'failed';
  state.finishedAt = env.ports.clock.now();
  state.error = { ...error, nodeId: node.id };
  state.stack = [];
  await env.hooks?.onStep?.(step, state);
  return false;
}

function pushTargets(state: RunState, index: GraphIndex, nodeId: string, branch: string): void {
  const targets = index.targets.get(branchKey(nodeId, branch));
  if (!targets) return;
  // The stack pops from the end: push in reverse so the first edge runs first (depth-first).
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i];
    if (target !== undefined) state.stack.push({ nodeId: target });
  }
}

function makeStep(input: {
  state: RunState;
  node: WorkflowNode;
  definition: NodeDefinition;
  settings: RunSettings;
  startedAt: number;
  attempt: number;
}): StepRecord {
  return {
    index: input.state.steps.length,
    nodeId: input.node.id,
    nodeType: input.node.type,
    label: input.node.label,
    status: 'succeeded',
    attempt: input.attempt,
    startedAt: input.startedAt,
    durationMs: 0,
  };
}

const secretPathCache = new WeakMap<NodeDefinition, string[][]>();

function recordInput(
  definition: NodeDefinition,
  config: Record<string, unknown>,
  settings: RunSettings,
): unknown {
  let paths = secretPathCache.get(definition);
  if (!paths) {
    paths = secretPaths(definition.config);
    secretPathCache.set(definition, paths);
  }
  return limitPayload(redact(config, paths), settings.payloadLimitBytes);
}

function fail(state: RunState, error: NodeError, env: RunEnvironment): RunState {
  state.status = 'failed';
  state.finishedAt = env.ports.clock.now();
  state.error = toErrorRecord(error) satisfies ErrorRecord;
  state.stack = [];
  return state;
}

function missingNodeError(nodeId: string): NodeError {
  return new NodeError({
    code: 'node_missing',
    retryable: false,
    message: {
      ja: `ノード「${nodeId}」が見つからないか、種類が登録されていません`,
      en: `Node "${nodeId}" is missing or its type is not registered`,
    },
  });
}

function maxStepsError(maxSteps: number): NodeError {
  return new NodeError({
    code: 'max_steps_exceeded',
    retryable: false,
    message: {
      ja: `ステップ数の上限 (${maxSteps}) に達したため停止しました。ループに待機ノードがあるか確認するか、設定の maxSteps を増やしてください`,
      en: `Stopped after the step limit (${maxSteps}). Check the loop has a waiting node, or raise maxSteps in the settings`,
    },
  });
}

function runTimeoutError(ms: number): NodeError {
  return new NodeError({
    code: 'run_timeout',
    retryable: false,
    message: {
      ja: `実行時間の上限 (${ms} ms) を超えたため停止しました`,
      en: `Stopped after the run time limit (${ms} ms)`,
    },
  });
}
