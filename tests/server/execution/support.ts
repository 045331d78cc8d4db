import type { Clock } from '../../../runtime/ports/clock';
import type { Ports } from '../../../runtime/ports/index';
import type { WorkflowDocument, WorkflowNode } from '../../../runtime/model/workflow';
import { createDefaultRegistry } from '../../../nodes/index';
import type { Database } from '../../../server/db/index';
import { createExecution, type Execution, type ExecutionSettings } from '../../../server/execution/index';

/** A clock that moves only when the test says so; sleeps resolve when time passes them. */
export class ManualClock implements Clock {
  private timers: Array<{ due: number; resolve: () => void }> = [];

  constructor(public current = Date.parse('2026-11-22T09:00:00+09:00')) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = { due: this.current + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(time: number): void {
    this.current = time;
    const due = this.timers.filter((t) => t.due <= time);
    this.timers = this.timers.filter((t) => t.due > time);
    for (const timer of due) timer.resolve();
  }
}

export const registry = createDefaultRegistry();

let position = 0;
/** A node with its config; positions are made up. */
export function node(id: string, type: string, config: Record<string, unknown>, label = id): WorkflowNode {
  position += 100;
  return { id, type, typeVersion: 1, position: { x: 0, y: position }, label, config };
}

/** A document from nodes and `[source, branch, target]` edges. */
export function workflow(input: {
  id: string;
  nodes: WorkflowNode[];
  edges: Array<[string, string, string]>;
  settings?: WorkflowDocument['settings'];
}): WorkflowDocument {
  return {
    schemaVersion: 1,
    id: input.id,
    name: input.id,
    settings: input.settings ?? {},
    nodes: input.nodes,
    edges: input.edges.map(([source, sourceHandle, target], i) => ({
      id: `e${i}`,
      source,
      sourceHandle,
      target,
    })),
    notes: [],
  };
}

/** webhook → set → condition (name is not empty) → respond: the benchmark's flow. */
export function respondFlow(input: {
  id: string;
  path: string;
  webhook?: Record<string, unknown>;
  after?: WorkflowNode[];
}): WorkflowDocument {
  return workflow({
    id: input.id,
    nodes: [
      node('hook', 'trigger.webhook', { path: input.path, responseMode: 'sync', ...input.webhook }),
      node('set', 'logic.set', { assignments: [{ name: 'name', value: '{{ trigger.body.name }}' }] }),
      node('check', 'logic.condition', {
        conditions: { combinator: 'all', rules: [{ left: '{{ vars.name }}', operator: 'is_not_empty' }] },
      }),
      node('ok', 'logic.respond', { status: 200, body: '{"hello": "{{ vars.name }}"}' }),
      node('missing', 'logic.respond', { status: 422, body: '{"error": "name is required"}' }),
      ...(input.after ?? []),
    ],
    edges: [
      ['hook', 'next', 'set'],
      ['set', 'next', 'check'],
      ['check', 'true', 'ok'],
      ['check', 'false', 'missing'],
      ...(input.after ?? []).map((n, i, all): [string, string, string] => [
        i === 0 ? 'ok' : (all[i - 1]?.id ?? 'ok'),
        'next',
        n.id,
      ]),
    ],
  });
}

/** Stores a workflow published as version 1 and active, as the workflows API would. */
export async function activate(db: Database, document: WorkflowDocument): Promise<void> {
  const { Workflow, WorkflowVersion } = db.models;
  const existing = await Workflow.findByPk(document.id);
  const version = (existing?.latestVersion ?? 0) + 1;
  if (!existing) await Workflow.create({ id: document.id, name: document.name, draft: document });
  await WorkflowVersion.create({ workflowId: document.id, version, document });
  await Workflow.update(
    { active: true, activeVersion: version, latestVersion: version, draft: document },
    { where: { id: document.id } },
  );
}

/** An execution layer without timers (the test drives its loops), over `db`. */
export async function openExecution(
  db: Database,
  options: {
    clock?: Clock;
    settings?: Partial<ExecutionSettings>;
    role?: 'all' | 'web' | 'worker' | 'scheduler';
    ports?: Omit<Ports, 'clock' | 'queue'>;
    /** Unset: the database's default (pg-boss on Postgres, the jobs table on SQLite). */
    queue?: 'table' | 'pgboss';
  } = {},
): Promise<Execution> {
  return createExecution({
    db,
    registry,
    clock: options.clock,
    settings: { webhookRateLimitPerMinute: 0, ...options.settings },
    role: options.role,
    ports: options.ports,
    queue: options.queue,
    env: {},
    timers: false,
  });
}
