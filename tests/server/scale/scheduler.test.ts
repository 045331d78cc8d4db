import { describe, expect, it } from 'vitest';
import { Cluster, type MusubiProcess } from './support/cluster';
import { RunHistory } from './support/history';
import { createFreshDatabase, describePostgres } from '../support/postgres';
import { scaleQueues } from './support/queues';
import { seedDatabase, tickFlow } from './support/workflows';

/**
 * Two scheduler processes on one database: one fires the cron ticks; killed with SIGKILL, the other
 * takes over. Every tick of the schedule (every 5 s) from the first to the last is fired exactly
 * once: none twice, none lost across the fail-over. 5 s is longer than a fail-over takes, so at most
 * one tick falls in the gap and the new scheduler fires it once (policy run_once).
 */
const PERIOD_MS = 5000;

/** What /readyz says about the scheduler: 'active', 'standby', or undefined (no answer). */
async function schedulerState(proc: MusubiProcess): Promise<string | undefined> {
  try {
    const res = await fetch(`${proc.url}/readyz`);
    const body = (await res.json()) as {
      checks?: { scheduler?: string };
      details?: { checks?: { scheduler?: string } };
    };
    return body.checks?.scheduler ?? body.details?.checks?.scheduler;
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describePostgres('scale-out: scheduler fail-over', (admin) => {
  for (const queue of scaleQueues()) {
    describe(`queue ${queue}`, () => {
      it('hands the cron to the second scheduler when the first is killed, and fires each tick once', async () => {
        const database = await createFreshDatabase(admin, 'musubi_scale');
        const cluster = new Cluster({ databaseUrl: database.url, queue });
        const history = new RunHistory(database.url);
        try {
          await seedDatabase(database.url, [tickFlow('*/5 * * * * *')]);
          const [first, second] = await Promise.all([
            cluster.scheduler(),
            cluster.scheduler(),
            cluster.worker({ concurrency: 2 }),
          ]);
          if (!first || !second) throw new Error('schedulers did not start');
          // Which one leads: /readyz says active or standby (pg-boss). Without an election (table
          // queue) both fire and the tick's unique key keeps one run per tick; either may go.
          const states = await until(
            'a scheduler to be active',
            async () => {
              const both = await Promise.all([schedulerState(first), schedulerState(second)]);
              return both.includes('active') ? both : undefined;
            },
            30_000,
          );
          const [active, standby] = states[0] === 'active' ? [first, second] : [second, first];
          if (queue === 'pgboss') expect(states.filter((s) => s === 'active')).toHaveLength(1);

          await until(
            'two ticks',
            async () => ((await history.countRuns('ticks')) >= 2 ? true : undefined),
            30_000,
          );
          await active.kill();
          const atKill = await history.countRuns('ticks');
          if (queue === 'pgboss') {
            await until(
              'the standby to take over',
              async () => ((await schedulerState(standby)) === 'active' ? true : undefined),
              20_000,
            );
          }
          await until(
            'two more ticks after the kill',
            async () => ((await history.countRuns('ticks')) >= atKill + 2 ? true : undefined),
            30_000,
          );
          await standby.stop();
          const open = await history.waitUntilFinished({
            workflowId: 'ticks',
            expected: atKill + 2,
            timeoutMs: 30_000,
          });
          expect(open).toBe(0);

          const runs = await history.runs('ticks');
          expect(runs.every((run) => run.status === 'succeeded')).toBe(true);
          const ticks = runs.map((run) => Date.parse(String(run.trigger.firedAt))).sort((a, b) => a - b);
          // None twice.
          expect(new Set(ticks).size).toBe(ticks.length);
          // None lost: from the first to the last, every 5 s, the kill in between.
          const first_ = ticks[0] ?? 0;
          const last = ticks.at(-1) ?? 0;
          const expected = Array.from(
            { length: (last - first_) / PERIOD_MS + 1 },
            (_, i) => first_ + i * PERIOD_MS,
          );
          expect(ticks.map((t) => new Date(t).toISOString())).toEqual(
            expected.map((t) => new Date(t).toISOString()),
          );
          expect(ticks.length).toBeGreaterThanOrEqual(atKill + 2);
        } catch (error) {
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}\n${cluster.describe()}`,
            {
              cause: error,
            },
          );
        } finally {
          await cluster.stopAll();
          await history.close();
          await database.drop();
        }
      }, 300_000);
    });
  }
});
