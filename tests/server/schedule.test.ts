import { afterEach, describe, expect, it } from 'vitest';
import type { Execution } from '../../server/execution/index';
import { activate, ManualClock, node, openExecution, workflow } from './execution/support';
import { openTempDatabase, type TempDatabase } from './support/temp-db';

let temp: TempDatabase | undefined;
const executions: Execution[] = [];

afterEach(async () => {
  for (const execution of executions.splice(0)) await execution.stop().catch(() => undefined);
  await temp?.dispose();
  temp = undefined;
});

/** 09:00 every day in Tokyo, writing when it fired into a variable. */
function daily(missedPolicy: 'skip' | 'run_once') {
  return workflow({
    id: `daily-${missedPolicy}`,
    nodes: [
      node('tick', 'trigger.schedule', { cron: '0 9 * * *', timeZone: 'Asia/Tokyo', missedPolicy }),
      node('note', 'logic.set', { assignments: [{ name: 'firedAt', value: '{{ trigger.firedAt }}' }] }),
    ],
    edges: [['tick', 'next', 'note']],
  });
}

async function open(clock: ManualClock): Promise<Execution> {
  temp ??= await openTempDatabase();
  const execution = await openExecution(temp.db, { clock });
  executions.push(execution);
  await execution.start();
  return execution;
}

async function firedTimes(execution: Execution): Promise<string[]> {
  const page = await execution.listRuns({ limit: 50 });
  const runs = await Promise.all(page.items.map((item) => execution.getRun(item.id)));
  return runs.map((run) => String(run?.state.vars.firedAt)).sort();
}

describe('schedule triggers', () => {
  it('fires at the cron time in the trigger time zone, on the controlled clock', async () => {
    const clock = new ManualClock(Date.parse('2026-11-22T08:59:00+09:00'));
    temp = await openTempDatabase();
    await activate(temp.db, daily('run_once'));
    const execution = await open(clock);
    expect(execution.scheduler.list()[0]?.next).toBe(Date.parse('2026-11-22T09:00:00+09:00'));
    expect(await execution.scheduler.tick()).toBe(0);
    clock.set(Date.parse('2026-11-22T09:00:00+09:00'));
    expect(await execution.scheduler.tick()).toBe(1);
    expect(await execution.scheduler.tick()).toBe(0);
    await execution.settle();
    expect(await firedTimes(execution)).toEqual(['2026-11-22T00:00:00.000Z']);
    expect(execution.scheduler.list()[0]?.next).toBe(Date.parse('2026-11-23T09:00:00+09:00'));
  });

  it('two processes never fire the same tick twice', async () => {
    const clock = new ManualClock(Date.parse('2026-11-22T08:59:00+09:00'));
    temp = await openTempDatabase();
    await activate(temp.db, daily('run_once'));
    const first = await open(clock);
    const second = await open(clock);
    clock.set(Date.parse('2026-11-22T09:00:00+09:00'));
    const fired = await Promise.all([first.scheduler.tick(), second.scheduler.tick()]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    await first.settle();
    await second.settle();
    expect(await firedTimes(first)).toHaveLength(1);
  });

  it('runs a tick missed while the server was down once at start (run_once), or not at all (skip)', async () => {
    const clock = new ManualClock(Date.parse('2026-11-20T12:00:00+09:00'));
    temp = await openTempDatabase();
    await activate(temp.db, daily('run_once'));
    await activate(temp.db, daily('skip'));
    const before = await open(clock);
    await before.stop();
    executions.length = 0;
    // Down for two days and a bit: the 21st and 22nd 09:00 ticks were missed.
    clock.set(Date.parse('2026-11-22T10:00:00+09:00'));
    const after = await open(clock);
    await after.settle();
    const page = await after.listRuns({ limit: 10 });
    expect(page.items.map((run) => run.workflowId)).toEqual(['daily-run_once']);
    expect(await firedTimes(after)).toEqual(['2026-11-22T00:00:00.000Z']);
    // Starting again does not run the same missed tick again.
    await after.stop();
    executions.length = 0;
    const again = await open(clock);
    await again.settle();
    expect((await again.listRuns({ limit: 10 })).total).toBe(1);
  });

  it('stops firing when the workflow is deactivated, and a later activation is not "missed"', async () => {
    const clock = new ManualClock(Date.parse('2026-11-22T08:00:00+09:00'));
    temp = await openTempDatabase();
    const doc = daily('run_once');
    await activate(temp.db, doc);
    const execution = await open(clock);
    await temp.db.models.Workflow.update({ active: false }, { where: { id: doc.id } });
    await execution.reloadWorkflows();
    expect(execution.scheduler.list()).toEqual([]);
    clock.set(Date.parse('2026-11-24T10:00:00+09:00'));
    expect(await execution.scheduler.tick()).toBe(0);
    await temp.db.models.Workflow.update({ active: true }, { where: { id: doc.id } });
    await execution.reloadWorkflows();
    await execution.settle();
    expect((await execution.listRuns({ limit: 10 })).total).toBe(0);
  });
});
