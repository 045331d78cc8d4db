import { randomBytes } from 'node:crypto';
import { createDefaultRegistry } from '../../../nodes/index';
import { startRun, type RunState, type WorkflowDocument } from '../../../runtime/index';
import { silentLogger } from '../../../runtime/ports/index';
import { MemoryChat } from '../../../runtime/testing/memory-ports';
import { SYSTEM_ACTOR } from '../../../server/crm/actor';
import { createCrmServices, type CrmServices } from '../../../server/crm/context';
import { openTempDatabase, type TempDatabase } from '../../server/support/temp-db';
import type { Clock } from '../../../runtime/ports/clock';

export const registry = createDefaultRegistry();

/**
 * A clock whose time moves only when the test says so. Sleeps (the engine's node timeouts) wait
 * in real time, so they never fire during a test; the virtual clock of the engine tests cannot be
 * used here, since it jumps ahead whenever the run waits on the database.
 */
export class ManualClock implements Clock {
  constructor(private current = Date.parse('2026-11-22T09:00:00+09:00')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new DOMException('aborted', 'AbortError'));
        },
        { once: true },
      );
    });
  }
}

type Edge = [source: string, branch: string, target: string];

/** A workflow from a node map and edge triples; the first node is the trigger. */
export function workflow(
  nodes: Record<string, [type: string, config: Record<string, unknown>]>,
  edges: Edge[],
): WorkflowDocument {
  return {
    schemaVersion: 1,
    id: 'wf-crm',
    name: 'crm test',
    settings: {},
    nodes: Object.entries(nodes).map(([id, [type, config]], x) => ({
      id,
      type,
      typeVersion: 1,
      position: { x, y: 0 },
      label: id,
      config,
    })),
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
    notes: [],
  };
}

/** `node:branch` (or `node:failed`) for every step: the path the run took. */
export const path = (state: RunState) =>
  state.steps.map((step) => `${step.nodeId}:${step.branch ?? step.status}`);

export interface CrmHarness {
  temp: TempDatabase;
  crm: CrmServices;
  clock: ManualClock;
  chat: MemoryChat;
  run(options: {
    workflow: WorkflowDocument;
    vars?: Record<string, unknown>;
    payload?: unknown;
  }): Promise<RunState>;
  /** The sample-like setup: a sales pipeline, a support pipeline, a department and agent, a list. */
  seed(): Promise<Seeded>;
  dispose(): Promise<void>;
}

export interface Seeded {
  salesPipelineId: string;
  stages: Record<'new' | 'proposal' | 'won', string>;
  supportPipelineId: string;
  departmentId: string;
  agentId: string;
  listId: string;
}

/** A migrated temp database with the real CRM services and port, and a run helper over the engine. */
export async function openCrmHarness(): Promise<CrmHarness> {
  const temp = await openTempDatabase();
  const clock = new ManualClock();
  const chat = new MemoryChat();
  const crm = createCrmServices({ db: temp.db, clock, logger: silentLogger, secretKey: randomBytes(32) });
  let runs = 0;
  return {
    temp,
    crm,
    clock,
    chat,
    run: ({ workflow: document, vars, payload }) =>
      startRun({
        workflow: document,
        registry,
        ports: { clock, crm: crm.port, chat },
        runId: `run-${++runs}`,
        now: clock.now(),
        ...(vars ? { vars } : {}),
        ...(payload === undefined ? {} : { payload }),
      }),
    seed: async () => {
      const sales = await crm.pipelines.create({
        id: 'sales',
        module: 'deals',
        name: '商談',
        stages: [{ name: '新規' }, { name: '提案' }, { name: '受注', outcome: 'won' }],
        customFields: [{ key: 'budget', label: { ja: '予算', en: 'Budget' }, type: 'number' }],
      });
      const support = await crm.pipelines.create({
        id: 'support',
        module: 'tickets',
        name: 'サポート',
        stages: [
          { name: '未対応' },
          { name: '対応中' },
          { name: '保留' },
          { name: '完了', outcome: 'closed' },
        ],
      });
      const department = await crm.parties.createDepartment({ id: 'dept-support', name: 'サポート部' });
      const agent = await crm.parties.createAgent({
        id: 'agent-sato',
        name: '佐藤',
        departmentId: department.id,
      });
      const list = await crm.records.create({
        module: 'mailing_lists',
        input: { name: 'ニュースレター' },
        actor: SYSTEM_ACTOR,
      });
      const stageId = (index: number) => sales.stages[index]?.id ?? '';
      return {
        salesPipelineId: sales.id,
        stages: { new: stageId(0), proposal: stageId(1), won: stageId(2) },
        supportPipelineId: support.id,
        departmentId: department.id,
        agentId: agent.id,
        listId: list.id,
      };
    },
    dispose: () => temp.dispose(),
  };
}
