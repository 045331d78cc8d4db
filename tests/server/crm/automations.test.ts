import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRun } from '../../../runtime/index';
import type { WorkflowDocument } from '../../../runtime/model/workflow';
import { userActor } from '../../../server/crm/actor';
import { createCrmServices, type CrmServices } from '../../../server/crm/context';
import type { WorkflowRunStarter } from '../../../server/crm/run-starter';
import { silentLogger } from '../../../runtime/ports/index';
import { ManualClock, registry, workflow } from '../../nodes/crm/harness';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';
import { randomBytes } from 'node:crypto';

/** Records every start; answers with run ids run-1, run-2 … */
class RecordingStarter implements WorkflowRunStarter {
  readonly starts: Array<{
    workflowId: string;
    triggerNodeId?: string;
    payload: unknown;
    singletonKey?: string;
  }> = [];
  async startWorkflowRun(options: {
    workflowId: string;
    triggerNodeId?: string;
    payload: unknown;
    singletonKey?: string;
  }) {
    this.starts.push(options);
    return { runId: `run-${this.starts.length}` };
  }
}

let temp: TempDatabase;
let clock: ManualClock;
let crm: CrmServices;
let starter: RecordingStarter;
let userId: string;
const HOUR = 3_600_000;

beforeEach(async () => {
  temp = await openTempDatabase();
  clock = new ManualClock();
  starter = new RecordingStarter();
  crm = createCrmServices({ db: temp.db, clock, logger: silentLogger, secretKey: randomBytes(32), starter });
  const user = await temp.db.models.User.create({
    email: 'sales@example.jp',
    passwordHash: 'x',
    role: 'editor',
  });
  userId = user.id;
});
afterEach(async () => {
  await temp.dispose();
});

const actor = () => userActor({ id: userId, email: 'sales@example.jp' });

/** Saves a workflow as published version 1 and switches it on (or leaves it off). */
async function activate(document: WorkflowDocument, options: { active?: boolean } = {}): Promise<void> {
  await temp.db.models.Workflow.create({ id: document.id, name: document.name, draft: document });
  await temp.db.models.WorkflowVersion.create({ workflowId: document.id, version: 1, document });
  const active = options.active ?? true;
  await temp.db.models.Workflow.update(
    { latestVersion: 1, active, activeVersion: active ? 1 : null },
    { where: { id: document.id } },
  );
}

async function pipeline() {
  const sales = await crm.pipelines.create({
    module: 'deals',
    name: '商談',
    stages: [{ name: '新規' }, { name: '提案' }, { name: '受注', outcome: 'won' }],
  });
  const [fresh, proposal, won] = sales.stages.map((stage) => stage.id);
  if (!fresh || !proposal || !won) throw new Error('stages missing');
  return { id: sales.id, fresh, proposal, won };
}

function withId(document: WorkflowDocument, id: string): WorkflowDocument {
  return { ...document, id, name: id };
}

describe('record events', () => {
  it('starts a workflow whose trigger waits for a deal to enter a stage, from the API and from the board alike', async () => {
    const p = await pipeline();
    await activate(
      withId(
        workflow(
          { start: ['trigger.record_event', { module: 'deals', event: 'stage_entered', stageId: p.won }] },
          [],
        ),
        'wf-won',
      ),
    );
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: '結び商事', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.proposal, actor: actor() });
    expect(starter.starts).toEqual([]);
    await crm.records.moveStage({
      module: 'deals',
      id: deal.id,
      stageId: p.won,
      actor: userActor({ id: userId, email: 'sales@example.jp', source: 'ui' }),
    });
    expect(starter.starts).toHaveLength(1);
    expect(starter.starts[0]).toMatchObject({
      workflowId: 'wf-won',
      triggerNodeId: 'start',
      payload: {
        change: 'updated',
        module: 'deals',
        recordId: deal.id,
        fromStageId: p.proposal,
        toStageId: p.won,
        source: 'ui',
        eventDepth: 0,
        record: { name: '結び商事' },
      },
    });
  });

  it('starts on a watched field only, when the criteria hold', async () => {
    const p = await pipeline();
    await activate(
      withId(
        workflow(
          {
            start: [
              'trigger.record_event',
              {
                module: 'deals',
                event: 'field_changed',
                fields: ['amount'],
                criteria: {
                  combinator: 'all',
                  rules: [
                    { left: '{{ trigger.record.amount }}', operator: 'greater_than', right: '1000000' },
                  ],
                },
              },
            ],
          },
          [],
        ),
        'wf-big',
      ),
    );
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: 'd', pipelineId: p.id, amount: 10 },
      actor: actor(),
    });
    await crm.records.update({ module: 'deals', id: deal.id, input: { amount: 500_000 }, actor: actor() });
    await crm.records.update({ module: 'deals', id: deal.id, input: { name: '大型案件' }, actor: actor() });
    expect(starter.starts).toEqual([]);
    await crm.records.update({
      module: 'deals',
      id: deal.id,
      input: { amount: '2,000,000' },
      actor: actor(),
    });
    expect(starter.starts.map((start) => start.payload)).toMatchObject([
      { changedFields: ['amount'], previous: { amount: 500_000 } },
    ]);
  });

  it('does not start a workflow that is switched off, or a trigger of another module', async () => {
    await activate(
      withId(
        workflow({ start: ['trigger.record_event', { module: 'calls', event: 'created' }] }, []),
        'wf-off',
      ),
      { active: false },
    );
    await activate(
      withId(
        workflow({ start: ['trigger.record_event', { module: 'leads', event: 'created' }] }, []),
        'wf-leads',
      ),
    );
    await crm.records.create({
      module: 'calls',
      input: { name: '山田様', phone: '03-1234-5678' },
      actor: actor(),
    });
    expect(starter.starts).toEqual([]);
    await crm.records.create({ module: 'leads', input: { name: '山田' }, actor: actor() });
    expect(starter.starts.map((start) => start.workflowId)).toEqual(['wf-leads']);
  });

  it('stops a workflow that re-triggers itself after a few rounds (depth guard)', async () => {
    // Every new lead makes the workflow create another lead: without the guard this never ends.
    const loop = withId(
      workflow(
        {
          start: ['trigger.record_event', { module: 'leads', event: 'created' }],
          again: ['crm.associate_lead', { connectionId: 'builtin-crm', name: '{{ trigger.record.name }}+' }],
        },
        [['start', 'next', 'again']],
      ),
      'wf-loop',
    );
    await activate(loop);
    let runs = 0;
    crm.useRunStarter({
      startWorkflowRun: async ({ triggerNodeId, payload }) => {
        runs += 1;
        const state = await startRun({
          workflow: loop,
          registry,
          ports: { clock, crm: crm.port },
          triggerNodeId,
          payload,
          runId: `loop-${runs}`,
          now: clock.now(),
        });
        expect(state.status).toBe('succeeded');
        return { runId: state.runId };
      },
    });
    await crm.records.create({ module: 'leads', input: { name: '鈴木' }, actor: actor() });
    const names = (
      await temp.db.models.CrmRecord.findAll({ where: { module: 'leads' }, order: [['name', 'ASC']] })
    ).map((row) => row.name);
    expect(runs).toBe(3);
    expect(names).toEqual(['鈴木', '鈴木+', '鈴木++', '鈴木+++']);
  });
});

describe('stage automations', () => {
  async function automationTo(options: {
    stageId: string;
    pipelineId: string;
    delay: { amount: number; unit: 'minutes' | 'hours' | 'days' } | null;
    workflowId?: string;
  }) {
    const workflowId = options.workflowId ?? 'wf-follow';
    if (!(await temp.db.models.Workflow.findByPk(workflowId))) {
      await activate(withId(workflow({ start: ['trigger.manual', {}] }, []), workflowId));
    }
    return crm.automations.create({
      pipelineId: options.pipelineId,
      stageId: options.stageId,
      body: { workflowId, delay: options.delay },
      userId,
    });
  }

  it('runs the workflow at once when a deal enters the stage', async () => {
    const p = await pipeline();
    const automation = await automationTo({ pipelineId: p.id, stageId: p.won, delay: null });
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: 'd', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.won, actor: actor() });
    expect(starter.starts).toMatchObject([
      {
        workflowId: 'wf-follow',
        payload: { recordId: deal.id, toStageId: p.won, automation: { id: automation.id, delay: null } },
      },
    ]);
    expect((await crm.automations.timersOf(deal.id)).map((timer) => [timer.status, timer.runId])).toEqual([
      ['fired', 'run-1'],
    ]);
    const { recordTimeline } = await import('../../../server/crm/timeline');
    expect((await recordTimeline(temp.db, deal.id)).runs).toMatchObject([
      { runId: 'run-1', workflowId: 'wf-follow' },
    ]);
  });

  it('runs a delayed automation when its time comes, once', async () => {
    const p = await pipeline();
    await automationTo({ pipelineId: p.id, stageId: p.proposal, delay: { amount: 2, unit: 'hours' } });
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: 'd', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.proposal, actor: actor() });
    expect(starter.starts).toEqual([]);
    clock.advance(HOUR);
    expect(await crm.automations.fireDue()).toBe(0);
    clock.advance(HOUR);
    expect(await crm.automations.fireDue()).toBe(1);
    expect(await crm.automations.fireDue()).toBe(0);
    expect(starter.starts).toHaveLength(1);
    expect(starter.starts[0]).toMatchObject({
      workflowId: 'wf-follow',
      payload: { recordId: deal.id, source: 'automation', toStageId: p.proposal },
    });
    expect(starter.starts[0]?.singletonKey).toMatch(/^crm-automation:/);
    const [timer] = await crm.automations.timersOf(deal.id);
    expect(timer).toMatchObject({ status: 'fired', runId: 'run-1' });
  });

  it('cancels a delayed automation when the deal leaves the stage before it is due, and starts over on re-entry', async () => {
    const p = await pipeline();
    await automationTo({ pipelineId: p.id, stageId: p.proposal, delay: { amount: 30, unit: 'minutes' } });
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: 'd', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.proposal, actor: actor() });
    clock.advance(10 * 60_000);
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.won, actor: actor() });
    clock.advance(HOUR);
    expect(await crm.automations.fireDue()).toBe(0);
    expect(starter.starts).toEqual([]);
    expect((await crm.automations.timersOf(deal.id)).map((timer) => timer.status)).toEqual(['canceled']);

    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.proposal, actor: actor() });
    clock.advance(30 * 60_000);
    expect(await crm.automations.fireDue()).toBe(1);
    expect((await crm.automations.timersOf(deal.id)).map((timer) => timer.status)).toEqual([
      'canceled',
      'fired',
    ]);
  });

  it('survives a restart: a new process finds the timer in the database and fires it', async () => {
    const p = await pipeline();
    await automationTo({ pipelineId: p.id, stageId: p.proposal, delay: { amount: 1, unit: 'days' } });
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: 'd', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.proposal, actor: actor() });
    const restarted = new RecordingStarter();
    const after = createCrmServices({
      db: temp.db,
      clock,
      logger: silentLogger,
      secretKey: randomBytes(32),
      starter: restarted,
    });
    clock.advance(24 * HOUR);
    expect(await after.automations.fireDue()).toBe(1);
    expect(restarted.starts).toHaveLength(1);
    expect(starter.starts).toEqual([]);
  });

  it('marks the timer failed when the workflow was switched off meanwhile', async () => {
    const p = await pipeline();
    await automationTo({ pipelineId: p.id, stageId: p.proposal, delay: { amount: 5, unit: 'minutes' } });
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: 'd', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.proposal, actor: actor() });
    await temp.db.models.Workflow.update(
      { active: false, activeVersion: null },
      { where: { id: 'wf-follow' } },
    );
    clock.advance(5 * 60_000);
    expect(await crm.automations.fireDue()).toBe(0);
    expect(starter.starts).toEqual([]);
    expect((await crm.automations.timersOf(deal.id)).map((timer) => timer.status)).toEqual(['failed']);
  });

  it('passes the record to the run, which reads it as {{ trigger.record }}', async () => {
    const p = await pipeline();
    const follow = withId(
      workflow(
        {
          start: ['trigger.manual', {}],
          note: [
            'logic.set',
            { assignments: [{ name: 'subject', value: 'フォロー: {{ trigger.record.name }}' }] },
          ],
        },
        [['start', 'next', 'note']],
      ),
      'wf-note',
    );
    await activate(follow);
    await automationTo({ pipelineId: p.id, stageId: p.won, delay: null, workflowId: 'wf-note' });
    const deal = await crm.records.create({
      module: 'deals',
      input: { name: '港町物産', pipelineId: p.id },
      actor: actor(),
    });
    await crm.records.moveStage({ module: 'deals', id: deal.id, stageId: p.won, actor: actor() });
    const payload = starter.starts[0]?.payload;
    const state = await startRun({ workflow: follow, registry, ports: { clock }, payload, now: clock.now() });
    expect(state.vars.subject).toBe('フォロー: 港町物産');
  });
});
