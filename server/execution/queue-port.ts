import type { QueueJob, QueuePort } from '../../runtime/ports/queue';
import type { ExecutionContext } from './context';
import { newId } from './ids';
import { JOB_INSERT_COLUMNS, jobInsertValues } from './rows';
import { str, valuesList } from './sql';
import type { Worker } from './worker';

/** Kinds the execution layer uses itself; a QueuePort job may not take them. */
const RESERVED_KINDS = new Set(['run', 'resume']);

/**
 * The runtime's QueuePort over the jobs table (delivered by the table or pg-boss): a node (or another feature) queues named work that
 * a handler registered with `handle(name, …)` executes, durably and at most once per singleton key.
 */
export class TableQueue implements QueuePort {
  constructor(
    private readonly ctx: ExecutionContext,
    private readonly worker: Worker,
  ) {}

  /** Queues a job; with a singleton key already used, returns the existing job's id. */
  async enqueue(job: QueueJob): Promise<string> {
    if (RESERVED_KINDS.has(job.name))
      throw new Error(`"${job.name}" is a reserved job name; choose another.`);
    const { ctx } = this;
    const now = ctx.clock.now();
    const id = newId(now);
    const row = {
      id,
      kind: job.name,
      runId: null,
      workflowId: null,
      payload: JSON.stringify(job.data ?? null),
      status: 'queued' as const,
      runAt: job.runAt ?? now,
      lockedUntil: null,
      leaseOwner: null,
      singletonKey: job.singletonKey ?? null,
    };
    const result = await ctx.batcher.custom(async (tx) => {
      const inserted = await tx.all(
        `INSERT INTO jobs (${JOB_INSERT_COLUMNS.join(', ')}) VALUES ${valuesList(1, JOB_INSERT_COLUMNS.length)}
         ON CONFLICT (singleton_key) DO NOTHING RETURNING id`,
        jobInsertValues(row, now),
      );
      if (inserted.length > 0) {
        await ctx.delivery.enqueued(tx, [{ id, kind: job.name, runAt: row.runAt, lockedUntil: null }]);
        return id;
      }
      if (job.singletonKey === undefined) return id;
      const existing = await tx.all('SELECT id FROM jobs WHERE singleton_key = ?', [job.singletonKey]);
      return str(existing[0]?.id ?? id);
    });
    this.worker.notify();
    return result;
  }

  /** Registers the handler of a job name in this process. */
  handle(name: string, handler: Parameters<Worker['handlers']['set']>[1]): void {
    if (RESERVED_KINDS.has(name)) throw new Error(`"${name}" is a reserved job name; choose another.`);
    this.worker.handlers.set(name, handler);
  }
}
