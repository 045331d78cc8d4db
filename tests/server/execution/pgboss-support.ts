import { migrate, openDatabase, type Database } from '../../../server/db/index';
import { createExecution, type Execution, type ExecutionSettings } from '../../../server/execution/index';
import type { Clock } from '../../../runtime/ports/clock';
import type { Registry } from 'prom-client';
import { createFreshDatabase } from '../support/postgres';
import { registry } from './support';

/**
 * pg-boss tests run against MUSUBI_TEST_POSTGRES_URL (declare them with describePostgres from
 * ../support/postgres), each in a database it creates and drops.
 */

/** A fresh, migrated database for one test; everything opened on it is closed and it is dropped. */
export async function withPostgres(admin: string, test: (cluster: Cluster) => Promise<void>): Promise<void> {
  const database = await createFreshDatabase(admin, 'musubi_pgboss');
  const cluster = new Cluster(database.url);
  try {
    await test(cluster);
  } finally {
    await cluster.close();
    await database.drop();
  }
}

/** Processes of one cluster, in this test process: each with its own pool, like separate machines. */
export class Cluster {
  private readonly dbs: Database[] = [];
  private readonly executions: Execution[] = [];
  private migrated = false;

  constructor(readonly url: string) {}

  async open(options: {
    role: 'all' | 'web' | 'worker' | 'scheduler';
    settings?: Partial<ExecutionSettings>;
    clock?: Clock;
    metricsRegistry?: Registry;
    start?: boolean;
  }): Promise<{ db: Database; execution: Execution }> {
    const db = await openDatabase({ url: this.url });
    this.dbs.push(db);
    if (!this.migrated) {
      await migrate(db);
      this.migrated = true;
    }
    const execution = createExecution({
      db,
      registry,
      clock: options.clock,
      role: options.role,
      queue: 'pgboss',
      databaseUrl: this.url,
      settings: { webhookRateLimitPerMinute: 0, ...options.settings },
      metricsRegistry: options.metricsRegistry,
      env: {},
      timers: false,
    });
    this.executions.push(execution);
    if (options.start !== false) await execution.start();
    return { db, execution };
  }

  async close(): Promise<void> {
    for (const execution of this.executions) await execution.stop().catch(() => undefined);
    for (const db of this.dbs) await db.close().catch(() => undefined);
  }
}

/** One row's number from a query (counts). */
export async function scalar(db: Database, sql: string, bind: unknown[] = []): Promise<number> {
  const [rows] = await db.sequelize.query(sql, { bind });
  const row = rows[0];
  if (typeof row !== 'object' || row === null) return 0;
  return Number(Object.values(row)[0]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One row's first value as text (ids). */
export async function text(db: Database, sql: string, bind: unknown[] = []): Promise<string> {
  const [rows] = await db.sequelize.query(sql, { bind });
  const row = rows[0];
  if (typeof row !== 'object' || row === null) return '';
  return String(Object.values(row)[0]);
}
