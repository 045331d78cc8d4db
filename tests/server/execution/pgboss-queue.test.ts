import { expect, it } from 'vitest';
import { activate, respondFlow } from './support';
import { describePostgres } from '../support/postgres';
import { scalar, sleep, text, withPostgres } from './pgboss-support';

/**
 * MUSUBI_QUEUE=pgboss on a real PostgreSQL: a run's job is handed to pg-boss in the transaction
 * that records the run, workers fetch it from pg-boss, and a job whose worker died is delivered
 * again and finishes once, from its last checkpoint.
 */
describePostgres('pg-boss queue', (admin) => {
  it('writes the run, its job and its pg-boss job in one transaction; a rollback leaves none', async () => {
    await withPostgres(admin, async (cluster) => {
      const { db, execution: web } = await cluster.open({ role: 'web' });
      const doc = respondFlow({ id: 'greet', path: 'greet' });
      await activate(db, doc);
      const accepted = await web.service.trigger({
        workflowId: 'greet',
        version: 1,
        document: doc,
        triggerKind: 'webhook',
        payload: { body: { name: 'Aiko' } },
      });
      expect(accepted.outcome).toBe('created');
      const jobId = await text(db, 'SELECT id FROM jobs WHERE run_id = $1', [accepted.runId]);
      expect(
        await scalar(db, "SELECT COUNT(*) FROM pgboss.job WHERE id = $1 AND state = 'created'", [jobId]),
      ).toBe(1);

      // A second accept reusing that run id fails on the runs insert, after its job and pg-boss job
      // were written in the same transaction: both are rolled back with it.
      const failing = web.context.batcher.accept({
        run: {
          id: accepted.runId,
          workflowId: 'greet',
          version: 1,
          status: 'queued',
          mode: 'trigger',
          triggerKind: 'webhook',
          triggerNode: 'hook',
          retryOf: null,
          startedAt: Date.now(),
          createdBy: null,
          trigger: '{}',
          state: '{}',
          stepCount: 0,
        },
        job: {
          id: '01900000-0000-7000-8000-000000000001',
          kind: 'run',
          runId: accepted.runId,
          workflowId: 'greet',
          payload: '{}',
          status: 'queued',
          runAt: Date.now(),
          lockedUntil: null,
          leaseOwner: null,
          singletonKey: null,
        },
      });
      await expect(failing).rejects.toThrow();
      expect(await scalar(db, 'SELECT COUNT(*) FROM jobs')).toBe(1);
      expect(await scalar(db, 'SELECT COUNT(*) FROM pgboss.job')).toBe(1);
      expect(await scalar(db, 'SELECT COUNT(*) FROM runs')).toBe(1);

      // A worker starting fetches it from pg-boss and runs it; the pg-boss job completes.
      const { execution: worker } = await cluster.open({ role: 'worker' });
      await worker.settle();
      const run = await web.getRun(accepted.runId);
      expect(run?.status).toBe('succeeded');
      expect(
        await scalar(db, "SELECT COUNT(*) FROM pgboss.job WHERE id = $1 AND state = 'completed'", [jobId]),
      ).toBe(1);
    });
  });

  it('delivers the job of a worker that died again; another worker finishes the run once', async () => {
    await withPostgres(admin, async (cluster) => {
      const settings = { leaseMs: 1000, concurrency: 4 };
      const { db, execution: web } = await cluster.open({ role: 'web', settings });
      const doc = respondFlow({ id: 'greet', path: 'greet' });
      await activate(db, doc);
      const { runId } = await web.service.trigger({
        workflowId: 'greet',
        version: 1,
        document: doc,
        triggerKind: 'webhook',
        payload: { body: { name: 'Ken' } },
      });
      // Worker A takes the job (pg-boss delivery and lease) and dies before running a step: it was
      // on another machine, so only the expiry of its delivery and its lease can tell.
      // (The claim goes through the web process's pg-boss: any process's fetch is the same.)
      const now = Date.now();
      const taken = await web.context.batcher.custom((tx) =>
        web.context.delivery.claim(tx, {
          owner: 'machine-a|4242|dead',
          now,
          lockedUntil: now + settings.leaseMs,
          limit: 10,
          limits: {},
        }),
      );
      expect(taken).toHaveLength(1);
      const jobId = taken[0]?.jobId ?? '';

      const { execution: b } = await cluster.open({ role: 'worker', settings });
      // While A's delivery is active, nobody else gets the job.
      expect(await b.claim()).toBe(0);
      expect((await b.getRun(runId))?.status).toBe('running');

      // pg-boss expires A's delivery (2 × lease), then delivers it again after the retry delay.
      let claimed = 0;
      for (let i = 0; i < 40 && claimed === 0; i++) {
        await sleep(250);
        await b.reap();
        claimed = await b.claim();
      }
      expect(claimed).toBe(1);
      await b.settle();
      const run = await b.getRun(runId);
      expect(run?.status).toBe('succeeded');
      expect(run?.state.vars).toEqual({ name: 'Ken' });
      // Each step once; the job was taken over once and is done, its pg-boss job completed.
      expect(await scalar(db, 'SELECT COUNT(*) FROM run_steps WHERE run_id = $1', [runId])).toBe(4);
      expect(await scalar(db, 'SELECT COUNT(*) FROM runs')).toBe(1);
      expect(await scalar(db, "SELECT expiries FROM jobs WHERE id = $1 AND status = 'done'", [jobId])).toBe(
        1,
      );
      expect(await scalar(db, "SELECT COUNT(*) FROM pgboss.job WHERE state = 'completed'")).toBe(1);

      // A process that does not hold the lease (A, were it alive after all) is fenced: its late
      // checkpoint writes nothing.
      const late = await web.context.batcher.checkpoint({
        take: () => ({
          runId,
          jobId,
          steps: [],
          update: { status: 'failed', state: '{}', stepCount: 0, finishedAt: Date.now(), error: null },
          job: 'failed',
        }),
      });
      expect(late).toBe(false);
      expect((await b.getRun(runId))?.status).toBe('succeeded');
    });
  });
});
