import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { num, str, type SqlClient } from './sql';

/** The execution layer's Prometheus metrics. */
export interface ExecutionMetrics {
  runsFinished: Counter<'status' | 'trigger'>;
  stepDuration: Histogram<'node_type' | 'status'>;
}

/**
 * Registers: runs finished by status (counter), runs kept in the history by status and jobs by
 * status (gauges read from the database at scrape time), and step durations by node type.
 */
export function createExecutionMetrics(options: { registry: Registry; sql: SqlClient }): ExecutionMetrics {
  const { registry, sql } = options;
  const runsFinished = new Counter({
    name: 'musubi_runs_finished_total',
    help: 'Runs this process finished, by final status and trigger kind.',
    labelNames: ['status', 'trigger'],
    registers: [registry],
  });
  const stepDuration = new Histogram({
    name: 'musubi_step_duration_seconds',
    help: 'Time a node took to run, by node type and step status.',
    labelNames: ['node_type', 'status'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'musubi_runs',
    help: 'Runs in the history, by status.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await sql.read.all('SELECT status, COUNT(*) AS n FROM runs GROUP BY status');
      this.reset();
      for (const row of rows) this.set({ status: str(row.status) }, num(row.n));
    },
  });
  new Gauge({
    name: 'musubi_queue_jobs',
    help: 'Jobs in the queue: queued (waiting for a worker) and leased (being worked on).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await sql.read.all(
        "SELECT status, COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'leased') GROUP BY status",
      );
      this.set({ status: 'queued' }, 0);
      this.set({ status: 'leased' }, 0);
      for (const row of rows) this.set({ status: str(row.status) }, num(row.n));
    },
  });
  new Gauge({
    name: 'musubi_waiting_runs',
    help: 'Runs waiting for a message, a time or a callback.',
    registers: [registry],
    async collect() {
      const rows = await sql.read.all('SELECT COUNT(*) AS n FROM waitpoints');
      this.set(num(rows[0]?.n ?? 0));
    },
  });
  return { runsFinished, stepDuration };
}
