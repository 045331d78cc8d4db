import PgBoss from 'pg-boss';
import type { Logger } from '../../../runtime/ports/logger';
import type { SqlRunner } from '../sql';

/** The one pg-boss queue every Musubi job goes through (runs, resumes, QueuePort jobs). */
export const PGBOSS_QUEUE = 'musubi-jobs';
/** pg-boss keeps its tables in this schema of the Musubi database. */
export const PGBOSS_SCHEMA = 'pgboss';
/**
 * pg-boss's own retry limit, set out of reach: Musubi decides when a job has failed for good
 * (handler attempts, lease expiries) and ends it; a delivery only comes back while its row is open.
 */
export const PGBOSS_RETRY_LIMIT = 1_000_000;

/**
 * pg-boss over its own small pool. Musubi's own transactions reach pg-boss through `dbOf(tx)`
 * (sending, fetching), so a job is written with its run row or not at all. pg-boss's cron is off:
 * schedules are fired by the elected scheduler (scheduler.ts), which keeps time zones and the
 * missed-tick policy.
 */
export function createBoss(input: {
  databaseUrl: string;
  role: string;
  logger: Logger;
  /** Expiry and archiving run in this process too (pg-boss lets one process do it at a time). */
  supervise: boolean;
}): PgBoss {
  const boss = new PgBoss({
    connectionString: input.databaseUrl,
    schema: PGBOSS_SCHEMA,
    application_name: `musubi-${input.role}`,
    max: 3,
    supervise: input.supervise,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: 60,
  });
  // An 'error' event without a listener would end the process.
  boss.on('error', (error) => input.logger.warn('pg-boss reported an error', { error: String(error) }));
  return boss;
}

/** pg-boss's database interface on a transaction of ours: its SQL runs inside that transaction. */
export function dbOf(tx: SqlRunner): PgBoss.Db {
  const native = tx.native;
  if (!native) throw new Error('MUSUBI_QUEUE=pgboss needs PostgreSQL (DATABASE_URL=postgres://…).');
  return { executeSql: (text, values) => native(text, values) };
}
