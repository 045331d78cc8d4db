import { Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { ManualClock, activate, node, respondFlow, workflow } from './support';
import { describePostgres } from '../support/postgres';
import { scalar, withPostgres } from './pgboss-support';

/**
 * Roles on PostgreSQL: exactly one scheduler is active (advisory lock on its session), another
 * takes over when it stops and a cron tick fires once; /readyz says per role what it checks and
 * /metrics shows the queue.
 */
describePostgres('pg-boss roles', (admin) => {
  it('elects one scheduler; when it stops another takes over and each tick fires once', async () => {
    await withPostgres(admin, async (cluster) => {
      const clock = new ManualClock(Date.parse('2026-12-01T08:59:30+09:00'));
      const first = await cluster.open({ role: 'scheduler', clock, start: false });
      const doc = workflow({
        id: 'hourly',
        nodes: [node('tick', 'trigger.schedule', { cron: '0 * * * *', timeZone: 'Asia/Tokyo' })],
        edges: [],
      });
      await activate(first.db, doc);
      await first.execution.start();
      const second = await cluster.open({ role: 'scheduler', clock });
      expect(first.execution.schedulerActive).toBe(true);
      expect(second.execution.schedulerActive).toBe(false);
      expect(await second.execution.elect()).toBe(false);
      expect(first.execution.readiness().checks.scheduler).toBe('active');
      expect(second.execution.readiness()).toMatchObject({ ready: true, checks: { scheduler: 'standby' } });

      clock.advance(60_000); // 09:00:30
      expect(await second.execution.scheduler.tick()).toBe(0);
      expect(await first.execution.scheduler.tick()).toBe(1);

      // The active scheduler stops: its session closes, the lock is free, the standby wins it and
      // does not fire 09:00 again.
      await first.execution.stop();
      expect(await second.execution.elect()).toBe(true);
      expect(second.execution.readiness().checks.scheduler).toBe('active');
      expect(await second.execution.scheduler.tick()).toBe(0);
      clock.advance(60 * 60_000); // 10:00:30
      expect(await second.execution.scheduler.tick()).toBe(1);

      const [rows] = await first.db.sequelize.query(
        "SELECT trigger FROM runs WHERE trigger_kind = 'schedule' ORDER BY started_at",
      );
      const fired = rows.map((row) => JSON.parse(String((row as { trigger: string }).trigger)).firedAt);
      expect(fired).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-01T01:00:00.000Z']);
    });
  });

  it('answers /readyz per role and shows queue depth, job age and workers in /metrics', async () => {
    await withPostgres(admin, async (cluster) => {
      const metrics = new Registry();
      const web = await cluster.open({ role: 'web', metricsRegistry: metrics });
      // A web process holds a session too: it listens for runs stopping in other processes.
      expect(web.execution.readiness()).toEqual({
        ready: true,
        checks: { queue: 'pgboss', pgboss: 'ok', session: 'ok' },
      });
      const doc = respondFlow({ id: 'greet', path: 'greet' });
      await activate(web.db, doc);
      for (let i = 0; i < 3; i++) {
        await web.execution.service.trigger({
          workflowId: 'greet',
          version: 1,
          document: doc,
          triggerKind: 'webhook',
          payload: { body: { name: `n${i}` } },
        });
      }
      const before = await metrics.metrics();
      expect(before).toMatch(/^musubi_queue_depth 3$/m);
      expect(before).toMatch(/^musubi_workers_active 0$/m);
      const age = Number(/^musubi_queue_oldest_job_age_seconds (\S+)$/m.exec(before)?.[1]);
      expect(age).toBeGreaterThanOrEqual(0);

      const worker = await cluster.open({ role: 'worker', start: false });
      expect(worker.execution.readiness()).toMatchObject({ ready: false, checks: { pgboss: 'not started' } });
      await worker.execution.start();
      await worker.execution.settle();
      expect(worker.execution.readiness()).toEqual({
        ready: true,
        checks: { queue: 'pgboss', pgboss: 'ok', session: 'ok' },
      });
      const after = await metrics.metrics();
      expect(after).toMatch(/^musubi_queue_depth 0$/m);
      expect(after).toMatch(/^musubi_queue_oldest_job_age_seconds 0$/m);
      expect(after).toMatch(/^musubi_workers_active 1$/m);
      expect(await scalar(web.db, "SELECT COUNT(*) FROM runs WHERE status = 'succeeded'")).toBe(3);

      await worker.execution.stop();
      expect(worker.execution.readiness()).toMatchObject({ ready: false, checks: { execution: 'stopping' } });
      expect(await metrics.metrics()).toMatch(/^musubi_workers_active 0$/m);
    });
  });
});
