import pg from 'pg';
import { expect, it } from 'vitest';
import type { RunSignal } from '../../../server/execution/index';
import { RUNS_CHANNEL } from '../../../server/execution/run-signals';
import { activate, node, respondFlow } from './support';
import { describePostgres } from '../support/postgres';
import { sleep, withPostgres } from './pgboss-support';

/**
 * The run signals on Postgres: a run that stops on a worker NOTIFYs in its own transaction, and a
 * web process's cluster session LISTENs and turns it into the waiting callers' signals. A dropped
 * LISTEN connection is reopened and what was missed meanwhile is re-read from the rows.
 */

/** A NOTIFY as another process would send it. */
async function notify(url: string, payload: unknown): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_notify($1, $2)', [RUNS_CHANNEL, JSON.stringify(payload)]);
  } finally {
    await client.end();
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describePostgres('run signals across processes (LISTEN/NOTIFY)', (admin) => {
  it('wakes a caller on the web process when a worker run answers; ignores its own payloads', async () => {
    await withPostgres(admin, async (cluster) => {
      const web = await cluster.open({ role: 'web' });
      const worker = await cluster.open({ role: 'worker' });
      const doc = respondFlow({
        id: 'greet',
        path: 'greet',
        after: [node('later', 'logic.delay', { mode: 'duration', amount: 10, unit: 'minutes' })],
      });
      await activate(web.db, doc);
      expect(web.execution.context.signals?.live).toBe(true);

      const started = Date.now();
      const { runId, local } = await web.execution.service.trigger({
        workflowId: 'greet',
        version: 1,
        document: doc,
        triggerKind: 'webhook',
        payload: { body: { name: 'Hanako' } },
      });
      expect(local).toBe(false); // a web process executes nothing
      const waiting = web.execution.service.waitFor({ runId, timeoutMs: 10_000, local, untilResponse: true });
      await worker.execution.claim();
      const signal = await waiting;
      // The respond node's answer, read from the row when the NOTIFY came; the row is re-read only
      // every 2 s while the signals are live, so a quick answer is the signal's.
      expect(signal).toMatchObject({
        kind: 'response',
        response: { status: 200, body: { hello: 'Hanako' } },
      });
      expect(Date.now() - started).toBeLessThan(1_500);
      await worker.execution.settle();

      // A payload of the web process's own origin is its own run's: heard directly, not again.
      const heard: RunSignal[] = [];
      const unlisten = web.execution.context.waiters.listen('run-x', (s) => heard.push(s));
      await notify(cluster.url, { o: web.execution.context.signals?.origin, r: [['run-x', 'failed']] });
      await notify(cluster.url, { o: 'elsewhere', r: [['run-x', 'failed']] });
      await until(() => heard.length > 0, 'the other origin');
      await web.execution.context.signals?.idle();
      expect(heard).toEqual([
        {
          kind: 'settled',
          outcome: expect.objectContaining({ runId: 'run-x', status: 'failed', elsewhere: true }),
        },
      ]);
      unlisten();
    });
  });

  it('re-listens after its connection is dropped and re-checks the runs it waits for', async () => {
    await withPostgres(admin, async (cluster) => {
      const web = await cluster.open({ role: 'web' });
      const worker = await cluster.open({ role: 'worker' });
      const doc = respondFlow({ id: 'greet', path: 'greet' });
      await activate(web.db, doc);
      const signals = web.execution.context.signals;
      if (!signals) throw new Error('no run signals on Postgres');

      // The web process's LISTEN connection dies (a restarted PgBouncer, a network cut …).
      const killer = new pg.Client({ connectionString: cluster.url });
      await killer.connect();
      try {
        await killer.query(
          // Only this test's database: other test files run beside it on the same server.
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE application_name = 'musubi-web-session' AND datname = current_database()`,
        );
      } finally {
        await killer.end();
      }
      await until(() => !signals.live, 'the lost session');
      expect(web.execution.readiness().checks.session).toBe('disconnected');

      // A run ends while nobody listens: its NOTIFY is lost for the web process.
      const { runId } = await web.execution.service.trigger({
        workflowId: 'greet',
        version: 1,
        document: doc,
        triggerKind: 'webhook',
        payload: { body: { name: 'Taro' } },
      });
      const heard: RunSignal[] = [];
      const unlisten = web.execution.context.waiters.listen(runId, (s) => heard.push(s));
      await worker.execution.claim();
      await worker.execution.settle();
      await sleep(200);
      expect(heard).toEqual([]);

      // The next election tick reopens the session and LISTENs again; the gap may have hidden
      // stops, so the run waited for is read: its answer and end are heard now.
      await web.execution.elect();
      expect(signals.live).toBe(true);
      await signals.idle();
      expect(heard.map((s) => s.kind)).toEqual(['response', 'settled']);
      expect(heard[1]).toMatchObject({ kind: 'settled', outcome: { runId, status: 'succeeded' } });
      unlisten();

      // And notifications arrive again on the new connection.
      const later: RunSignal[] = [];
      const stop = web.execution.context.waiters.listen('run-y', (s) => later.push(s));
      await notify(cluster.url, { o: 'elsewhere', r: [['run-y', 'waiting']] });
      await until(() => later.length > 0, 'a notification after the reconnect');
      expect(later[0]).toMatchObject({ kind: 'settled', outcome: { runId: 'run-y', status: 'waiting' } });
      stop();
    });
  });
});
