/**
 * Engine throughput: `npm run bench:engine`.
 * Runs a 1,000-node linear workflow of logic.set nodes and a 100-way fan-out many times in-process,
 * with every step recorded, and prints steps/s beside a baseline measured in the same run: the same
 * node function called directly in a loop (no graph, no records).
 */
import { performance } from 'node:perf_hooks';
import { startRun, type NodeContext, type WorkflowDocument } from '../runtime/index';
import { createDefaultRegistry } from '../nodes/index';
import { systemClock } from '../server/adapters/system-clock';

const registry = createDefaultRegistry();
const quick = process.argv.includes('--quick');
const budgetMs = quick ? 500 : 3000;

function node(id: string, type: string, config: Record<string, unknown>, x: number) {
  return { id, type, typeVersion: 1, position: { x, y: 0 }, label: id, config };
}

function linear(count: number, value: string): WorkflowDocument {
  const nodes = [node('start', 'trigger.manual', {}, 0)];
  const edges = [];
  for (let i = 0; i < count; i++) {
    nodes.push(node(`set_${i}`, 'logic.set', { assignments: [{ name: 'i', value }] }, i + 1));
    edges.push({
      id: `e${i}`,
      source: i === 0 ? 'start' : `set_${i - 1}`,
      sourceHandle: 'next',
      target: `set_${i}`,
    });
  }
  return {
    schemaVersion: 1,
    id: 'bench-linear',
    name: 'linear',
    settings: { maxSteps: count + 10 },
    nodes,
    edges,
    notes: [],
  };
}

function fanOut(width: number): WorkflowDocument {
  const nodes = [node('start', 'trigger.manual', {}, 0)];
  const edges = [];
  for (let i = 0; i < width; i++) {
    nodes.push(node(`leaf_${i}`, 'logic.set', { assignments: [{ name: `v${i}`, value: 'x' }] }, 1));
    edges.push({ id: `e${i}`, source: 'start', sourceHandle: 'next', target: `leaf_${i}` });
  }
  return { schemaVersion: 1, id: 'bench-fan', name: 'fan-out', settings: {}, nodes, edges, notes: [] };
}

async function measureEngine(workflow: WorkflowDocument): Promise<{ steps: number; ms: number }> {
  let steps = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    const state = await startRun({ workflow, registry, ports: { clock: systemClock }, now: Date.now() });
    if (state.status !== 'succeeded') throw new Error(`bench run ${state.status}: ${state.error?.message}`);
    steps += state.steps.length;
  }
  return { steps, ms: performance.now() - started };
}

/** The same node function called directly: what a step costs with no engine around it. */
async function measureBaseline(config: Record<string, unknown>): Promise<{ steps: number; ms: number }> {
  const definition = registry.get('logic.set');
  if (!definition) throw new Error('logic.set is not registered');
  const vars: Record<string, unknown> = {};
  const context: NodeContext<Record<string, unknown>> = {
    config,
    vars,
    trigger: {},
    nodes: {},
    node: { id: 'set', type: 'logic.set', label: 'set' },
    run: {
      id: 'r',
      workflowId: 'w',
      stepIndex: 0,
      attempt: 1,
      idempotencyKey: 'r:0:1',
      stepKey: 'r:0',
      settings: {
        maxSteps: 1,
        nodeTimeoutMs: 1,
        runTimeoutMs: 1,
        timeZone: 'Asia/Tokyo',
        payloadLimitBytes: 1,
        allowPrivateNetwork: false,
      },
    },
    ports: { clock: systemClock },
    log: { debug() {}, info() {}, warn() {}, error() {} },
    signal: new AbortController().signal,
    port: () => {
      throw new Error('no ports in the baseline');
    },
  };
  let steps = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    for (let i = 0; i < 1000; i++) {
      const result = await definition.run(context);
      Object.assign(vars, result.setVars);
    }
    steps += 1000;
  }
  return { steps, ms: performance.now() - started };
}

function row(name: string, m: { steps: number; ms: number }, baseline?: { steps: number; ms: number }) {
  const perSecond = (m.steps / m.ms) * 1000;
  const microsPerStep = (m.ms * 1000) / m.steps;
  const ratio = baseline
    ? ` | ${(perSecond / ((baseline.steps / baseline.ms) * 1000)).toFixed(2)} of baseline`
    : '';
  console.log(
    `${name.padEnd(44)} ${Math.round(perSecond).toLocaleString('en').padStart(12)} steps/s  ${microsPerStep.toFixed(2).padStart(7)} µs/step${ratio}`,
  );
}

const literal = await measureBaseline({ assignments: [{ name: 'i', value: '1' }] });
row('baseline: logic.set run() called directly', literal);
row('engine: 1,000-node linear, literal values', await measureEngine(linear(1000, '1')), literal);
row(
  'engine: 1,000-node linear, {{ vars.i | plus: 1 }}',
  await measureEngine(linear(1000, '{{ vars.i | plus: 1 }}')),
  literal,
);
row('engine: 100-way fan-out', await measureEngine(fanOut(100)), literal);
console.log('Target: >= 200,000 steps/s on one core with step records kept.');
