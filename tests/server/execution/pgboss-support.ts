import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { describe, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../../server/db/index';
import { createExecution, type Execution, type ExecutionSettings } from '../../../server/execution/index';
import type { Clock } from '../../../runtime/ports/clock';
import type { Registry } from 'prom-client';
import { registry } from './support';

/**
 * pg-boss tests run against MUSUBI_TEST_POSTGRES_URL, each in a database it creates and drops.
 * Without the variable they fail in CI (CI=true) and are reported as not run elsewhere.
 */
export const adminUrl = process.env.MUSUBI_TEST_POSTGRES_URL;
const HOW_TO_ENABLE =
  'set MUSUBI_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres to run the pg-boss tests.';

/** Declares the suite, or the reason it cannot run (a failure in CI). */
export function describePgBoss(name: string, body: (admin: string) => void): void {
  if (adminUrl) {
    describe(name, () => body(adminUrl));
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('has MUSUBI_TEST_POSTGRES_URL', () => {
        throw new Error(`CI must provide PostgreSQL: ${HOW_TO_ENABLE}`);
      });
    });
    return;
  }
  console.warn(`${name}: ${HOW_TO_ENABLE}`);
  describe.skip(`${name} (${HOW_TO_ENABLE})`, () => {
    it('needs PostgreSQL', () => {});
  });
}

async function onAdmin(admin: string, sql: string): Promise<void> {
  const connection = new Sequelize(admin, { dialect: 'postgres', logging: false });
  try {
    await connection.query(sql);
  } finally {
    await connection.close();
  }
}

/** A fresh, migrated database for one test; everything opened on it is closed and it is dropped. */
export async function withPostgres(admin: string, test: (cluster: Cluster) => Promise<void>): Promise<void> {
  const name = `musubi_pgboss_${randomBytes(6).toString('hex')}`;
  await onAdmin(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const cluster = new Cluster(url.toString());
  try {
    await test(cluster);
  } finally {
    await cluster.close();
    await onAdmin(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
