import { expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../../server/db/index';
import type { Execution } from '../../../server/execution/index';
import { describePostgres, withFreshDatabase } from '../support/postgres';
import { activate, node, openExecution, respondFlow, workflow } from './support';

/**
 * The queue and the run history on a real PostgreSQL, in a database this test creates and drops:
 * two worker processes (two connection pools) claim the same queue with SKIP LOCKED and every run
 * executes exactly once. Set MUSUBI_TEST_POSTGRES_URL to run it; CI sets it.
 */
describePostgres('PostgreSQL queue', (admin) => {
  it('runs each queued run exactly once with two workers, and keeps idempotency, waits and retention', async () => {
    await withFreshDatabase(admin, 'musubi_queue', async (url) => {
      const dbs: Database[] = [];
      const executions: Execution[] = [];
      try {
        const open = async (role: 'web' | 'worker') => {
          const db = await openDatabase({ url });
          dbs.push(db);
          // The table queue on purpose (pg-boss has its own tests): MUSUBI_QUEUE=table stays supported.
          const execution = await openExecution(db, { role, queue: 'table', settings: { concurrency: 8 } });
          executions.push(execution);
          return { db, execution };
        };
        const web = await open('web');
        await migrate(web.db);
        const doc = respondFlow({ id: 'greet', path: 'greet' });
        await activate(web.db, doc);
        const runIds = [];
        for (let i = 0; i < 60; i++) {
          const result = await web.execution.service.trigger({
            workflowId: 'greet',
            version: 1,
            document: doc,
            triggerKind: 'webhook',
            payload: { body: { name: `n${i}` } },
          });
          runIds.push(result.runId);
        }
        const repeat = {
          workflowId: 'greet',
          version: 1,
          document: doc,
          triggerKind: 'webhook',
          payload: { body: { name: 'same' } },
          idempotency: { scope: 'webhook:greet', key: 'k1' },
        };
        const first = await web.execution.service.trigger(repeat);
        const second = await web.execution.service.trigger(repeat);
        expect(second.runId).toBe(first.runId);

        const a = await open('worker');
        const b = await open('worker');
        for (let round = 0; round < 50; round++) {
          const claimed = await Promise.all([a.execution.claim(), b.execution.claim()]);
          await Promise.all([a.execution.settle(), b.execution.settle()]);
          if (claimed[0] + claimed[1] === 0) break;
        }
        const page = await web.execution.listRuns({ limit: 200 });
        expect(page.total).toBe(61);
        expect(page.items.every((run) => run.status === 'succeeded')).toBe(true);
        const [attempts] = await web.db.sequelize.query('SELECT MAX(attempts) AS n FROM jobs');
        expect(Number((attempts[0] as { n: unknown }).n)).toBe(1);
        const [steps] = await web.db.sequelize.query(
          'SELECT run_id, COUNT(*) AS n FROM run_steps GROUP BY run_id HAVING COUNT(*) <> 4',
        );
        expect(steps).toEqual([]);
        const one = await web.execution.getRun(runIds[7] ?? '');
        expect(one?.state.vars).toEqual({ name: 'n7' });

        const pause = workflow({
          id: 'pause',
          nodes: [
            node('start', 'trigger.manual', {}),
            node('wait', 'logic.delay', { mode: 'duration', amount: 1, unit: 'seconds' }),
          ],
          edges: [['start', 'next', 'wait']],
        });
        await activate(web.db, pause);
        const waiting = await a.execution.service.trigger({
          workflowId: 'pause',
          version: 1,
          document: pause,
          triggerKind: 'manual',
          payload: {},
        });
        await a.execution.settle();
        expect((await a.execution.getRun(waiting.runId))?.status).toBe('waiting');
        await new Promise((resolve) => setTimeout(resolve, 1100));
        expect(await a.execution.wakeDueWaits()).toBe(1);
        await a.execution.claim();
        await a.execution.settle();
        expect((await a.execution.getRun(waiting.runId))?.status).toBe('succeeded');

        await web.db.models.Setting.upsert({ key: 'executions.retention', value: { maxCount: 10 } });
        expect((await a.execution.prune()).deletedRuns).toBe(52);
      } finally {
        for (const execution of executions) await execution.stop().catch(() => undefined);
        for (const db of dbs) await db.close();
      }
    });
  }, 60_000);

  it('processes starting together mirror the same webhook routes without a duplicate-key failure', async () => {
    await withFreshDatabase(admin, 'musubi_queue', async (url) => {
      const dbs: Database[] = [];
      const executions: Execution[] = [];
      try {
        for (let i = 0; i < 3; i++) {
          const db = await openDatabase({ url });
          dbs.push(db);
          if (i === 0) await migrate(db);
          executions.push(await openExecution(db, { role: 'web', queue: 'table' }));
        }
        await activate(dbs[0]!, respondFlow({ id: 'hello', path: 'hello' }));
        await activate(dbs[0]!, respondFlow({ id: 'order', path: 'order' }));
        // Each reload deletes and re-inserts every route; started together they used to collide.
        for (let round = 0; round < 10; round++) {
          await Promise.all(executions.map((execution) => execution.reloadWorkflows()));
        }
        const [rows] = await dbs[0]!.sequelize.query(
          'SELECT path, workflow_id FROM webhook_registrations ORDER BY path',
        );
        expect(rows).toEqual([
          { path: 'hello', workflow_id: 'hello' },
          { path: 'order', workflow_id: 'order' },
        ]);
      } finally {
        for (const execution of executions) await execution.stop().catch(() => undefined);
        for (const db of dbs) await db.close();
      }
    });
  }, 60_000);
});
