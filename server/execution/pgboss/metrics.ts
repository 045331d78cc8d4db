import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { num, type SqlClient } from '../sql';
import { PGBOSS_QUEUE, PGBOSS_SCHEMA } from './boss';
import { LOCK_NAMESPACE, WORKER_PRESENCE_LOCK } from './session';

/**
 * The pg-boss queue as Prometheus sees it, read from pg-boss's tables at scrape time (any role can
 * serve them; they describe the whole cluster): jobs due and waiting for a worker, the age of the
 * oldest of them, jobs being worked on, and the workers alive (holders of the presence lock).
 */
export function registerPgBossMetrics(options: { registry: Registry; sql: SqlClient }): void {
  const { registry, sql } = options;
  const job = `${PGBOSS_SCHEMA}.job`;
  new Gauge({
    name: 'musubi_queue_depth',
    help: 'Jobs due and waiting for a worker (pg-boss states created and retry).',
    registers: [registry],
    async collect() {
      const rows = await sql.read.all(
        `SELECT COUNT(*) AS n FROM ${job} WHERE name = ? AND state < 'active' AND start_after <= now()`,
        [PGBOSS_QUEUE],
      );
      this.set(num(rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: 'musubi_queue_oldest_job_age_seconds',
    help: 'How long the oldest due job has waited for a worker (0 when none waits).',
    registers: [registry],
    async collect() {
      const rows = await sql.read.all(
        `SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(start_after)), 0) AS age
           FROM ${job} WHERE name = ? AND state < 'active' AND start_after <= now()`,
        [PGBOSS_QUEUE],
      );
      this.set(Math.max(0, num(rows[0]?.age ?? 0)));
    },
  });
  new Gauge({
    name: 'musubi_queue_active_jobs',
    help: 'Jobs a worker is executing (pg-boss state active).',
    registers: [registry],
    async collect() {
      const rows = await sql.read.all(
        `SELECT COUNT(*) AS n FROM ${job} WHERE name = ? AND state = 'active'`,
        [PGBOSS_QUEUE],
      );
      this.set(num(rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: 'musubi_workers_active',
    help: 'Processes executing jobs (worker and all roles) connected to this database.',
    registers: [registry],
    async collect() {
      const rows = await sql.read.all(
        `SELECT COUNT(*) AS n FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND classid = ? AND objid = ?
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [LOCK_NAMESPACE, WORKER_PRESENCE_LOCK],
      );
      this.set(num(rows[0]?.n ?? 0));
    },
  });
}
