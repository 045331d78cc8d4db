import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Execution } from '../../../server/execution/index';
import { RETENTION_SETTING_KEY } from '../../../server/execution/settings';
import { openTempDatabase, type TempDatabase } from '../support/temp-db';
import { activate, ManualClock, node, openExecution, workflow } from './support';

let temp: TempDatabase | undefined;
let execution: Execution | undefined;

afterEach(async () => {
  await execution?.stop();
  execution = undefined;
  await temp?.dispose();
  temp = undefined;
});

const echo = workflow({
  id: 'echo',
  nodes: [
    node('start', 'trigger.manual', {}),
    node('copy', 'logic.set', { assignments: [{ name: 'copy', value: '{{ trigger.text }}' }] }),
  ],
  edges: [['start', 'next', 'copy']],
});

const waiting = workflow({
  id: 'waiting',
  nodes: [
    node('start', 'trigger.manual', {}),
    node('pause', 'logic.delay', { mode: 'duration', amount: 1, unit: 'days' }),
  ],
  edges: [['start', 'next', 'pause']],
});

async function runMany(count: number, options: { text: string; document?: typeof echo }): Promise<string[]> {
  const document = options.document ?? echo;
  const results = await Promise.all(
    Array.from({ length: count }, () =>
      execution!.service.trigger({
        workflowId: document.id,
        version: 1,
        document,
        triggerKind: 'manual',
        payload: { text: options.text },
      }),
    ),
  );
  await execution!.settle();
  return results.map((result) => result.runId);
}

async function setRetention(value: Record<string, unknown>): Promise<void> {
  await temp!.db.models.Setting.upsert({ key: RETENTION_SETTING_KEY, value });
}

function fileBytes(): number {
  const file = temp!.db.sqlitePath!;
  const wal = `${file}-wal`;
  return fs.statSync(file).size + (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
}

describe('retention', () => {
  it('keeps the newest runs up to the count, never a waiting run, and gives the space back to the file system', async () => {
    temp = await openTempDatabase();
    execution = await openExecution(temp.db);
    await activate(temp.db, echo);
    await activate(temp.db, waiting);
    const [waitingRun] = await runMany(1, { text: 'wait', document: waiting });
    await runMany(400, { text: 'x'.repeat(20_000) });
    const kept = await runMany(5, { text: 'recent' });
    await execution.context.sql.maintenance('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = fileBytes();
    expect(before).toBeGreaterThan(10_000_000);
    await setRetention({ maxCount: 5 });
    const result = await execution.prune();
    expect(result).toEqual({ deletedRuns: 400, vacuumed: true });
    const after = fileBytes();
    expect(after).toBeLessThan(before / 5);
    const remaining = (await execution.listRuns({ limit: 50 })).items.map((run) => run.id);
    expect(remaining.sort()).toEqual([...kept, waitingRun].sort());
    // Steps went with their runs.
    expect(await temp.db.models.RunStep.count()).toBe(5 * 2 + 2);
  });

  it('prunes finished runs older than the age limit', async () => {
    const clock = new ManualClock();
    temp = await openTempDatabase();
    execution = await openExecution(temp.db, { clock });
    await activate(temp.db, echo);
    await runMany(3, { text: 'old' });
    clock.advance(15 * 24 * 60 * 60 * 1000);
    const fresh = await runMany(2, { text: 'new' });
    expect((await execution.prune()).deletedRuns).toBe(3);
    expect((await execution.listRuns({ limit: 10 })).items.map((run) => run.id).sort()).toEqual(fresh.sort());
    await setRetention({ maxAgeDays: 1 });
    clock.advance(2 * 24 * 60 * 60 * 1000);
    expect((await execution.prune()).deletedRuns).toBe(2);
  });

  it('does not keep successful trigger runs when "save successful runs" is off, but keeps failures and manual runs', async () => {
    temp = await openTempDatabase();
    execution = await openExecution(temp.db);
    await activate(temp.db, echo);
    await setRetention({ saveSuccessfulRuns: false });
    await execution.prune();
    const triggered = await execution.service.trigger({
      workflowId: 'echo',
      version: 1,
      document: echo,
      triggerKind: 'webhook',
      payload: { text: 'a' },
    });
    const manual = await execution.runManually({
      workflowId: 'echo',
      version: 1,
      document: echo,
      payload: { text: 'b' },
      userId: null,
    });
    await execution.settle();
    expect(await execution.getRun(triggered.runId)).toBeUndefined();
    expect((await execution.getRun(manual.runId))?.status).toBe('succeeded');
  });
});
