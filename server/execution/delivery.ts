import type { ExecutionContext } from './context';
import { claimJobs, claimJobsWithLimits } from './queue-sql';
import { reapExpiredLeases, type ReapResult } from './reaper';
import type { JobLease } from './run-executor';
import type { SqlRunner } from './sql';

/** MUSUBI_QUEUE: how jobs reach workers. */
export const QUEUE_KINDS = ['table', 'pgboss'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** A job row just written, queued or leased to this process (which executes it from memory). */
export interface EnqueuedJob {
  id: string;
  kind: string;
  runAt: number;
  /** Leased to this process: another worker gets it only if this lease runs out. */
  lockedUntil: number | null;
}

/** A job this process ended (done, failed) or handed back to the queue (queued). */
export interface SettledJob {
  id: string;
  status: 'done' | 'failed' | 'queued';
}

export interface ClaimInput {
  owner: string;
  now: number;
  lockedUntil: number;
  limit: number;
  /** Runs at once per workflow, counted across every process. */
  limits: Record<string, number>;
}

/**
 * How a queued job finds a worker. The jobs table stays the record of every job either way: its
 * singleton keys make schedule ticks and wakes happen once, and its lease (`lease_owner`,
 * `locked_until`) fences checkpoints so a worker that lost a job writes nothing. `table` claims
 * the rows themselves; `pgboss` hands each job to pg-boss in the same transaction and workers
 * fetch from pg-boss (see pgboss/delivery.ts).
 */
export interface JobDelivery {
  readonly kind: QueueKind;
  /** The context is built after the delivery (the writer needs the delivery first). */
  attach(ctx: ExecutionContext): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Inside the transaction that wrote the rows: make them reachable (no row without delivery). */
  enqueued(tx: SqlRunner, jobs: EnqueuedJob[]): Promise<void>;
  /** Inside a transaction: leases up to `input.limit` due jobs to this process. */
  claim(tx: SqlRunner, input: ClaimInput): Promise<JobLease[]>;
  /** After the commit that ended jobs or handed them back. */
  settled(jobs: SettledJob[]): void;
  /** Gives jobs of dead workers back to the queue. */
  reap(): Promise<ReapResult>;
  /** Resolves when nothing started by `settled` is still being written. */
  idle(): Promise<void>;
}

/** The jobs table as the queue: claims with `FOR UPDATE SKIP LOCKED` on Postgres, leases reaped here. */
export class TableDelivery implements JobDelivery {
  readonly kind = 'table';
  private ctx: ExecutionContext | undefined;

  attach(ctx: ExecutionContext): void {
    this.ctx = ctx;
  }

  private context(): ExecutionContext {
    if (!this.ctx) throw new Error('The job delivery is used before the execution layer was built.');
    return this.ctx;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async enqueued(): Promise<void> {}

  claim(tx: SqlRunner, input: ClaimInput): Promise<JobLease[]> {
    const { limits, ...base } = input;

    return Object.keys(limits).length > 0
      ? claimJobsWithLimits(tx, { ...base, limits })
      : claimJobs(tx, { ...base, dialect: this.context().sql.dialect });
  }

  settled(): void {}

  reap(): Promise<ReapResult> {
    return reapExpiredLeases(this.context());
  }

  async idle(): Promise<void> {}
}
