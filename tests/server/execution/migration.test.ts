import { afterEach, describe, expect, it } from 'vitest';
import { migrateDown } from '../../../server/db/index';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';

let temp: TempDatabase | undefined;
afterEach(async () => {
  await temp?.dispose();
  temp = undefined;
});

describe('migration 0002: runs and queue', () => {
  it('creates the run history and queue tables, cascading a workflow delete to its runs', async () => {
    temp = await openTempDatabase();
    const { Workflow, Run, RunStep, Job } = temp.db.models;
    await Workflow.create({ id: 'wf', name: 'wf', draft: {} });
    await Run.create({
      id: 'r1',
      workflowId: 'wf',
      version: 1,
      status: 'running',
      mode: 'trigger',
      triggerKind: 'webhook',
      triggerNode: 'start',
      startedAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      trigger: '{}',
      state: '{}',
    });
    await RunStep.create({
      runId: 'r1',
      stepIndex: 0,
      nodeId: 'start',
      nodeType: 'trigger.webhook',
      label: 'Start',
      status: 'succeeded',
      attempt: 1,
      startedAt: 1_700_000_000_000,
      durationMs: 1,
    });
    await Job.create({
      id: 'j1',
      kind: 'run',
      runId: 'r1',
      payload: '{}',
      status: 'queued',
      runAt: 1,
      createdAt: 1,
      updatedAt: 1,
      singletonKey: 'tick',
    });
    const run = await Run.findByPk('r1');
    expect(run?.startedAt).toBe(1_700_000_000_000);
    await expect(
      Job.create({
        id: 'j2',
        kind: 'run',
        payload: '{}',
        status: 'queued',
        runAt: 1,
        createdAt: 1,
        updatedAt: 1,
        singletonKey: 'tick',
      }),
    ).rejects.toThrow();
    await Workflow.destroy({ where: { id: 'wf' } });
    expect(await Run.count()).toBe(0);
    expect(await RunStep.count()).toBe(0);
    await migrateDown(temp.db, { to: 0 });
    const tables = await temp.db.sequelize.getQueryInterface().showAllTables();
    expect(tables).not.toContain('runs');
    expect(tables).not.toContain('jobs');
  });
});
