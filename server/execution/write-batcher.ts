import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import {
  JOB_INSERT_COLUMNS,
  PAYLOAD_INSERT_COLUMNS,
  RUN_INSERT_COLUMNS,
  STEP_INSERT_COLUMNS,
  WAITPOINT_INSERT_COLUMNS,
  jobInsertValues,
  payloadRowsOf,
  runInsertValues,
  stepInsertValues,
  waitpointInsertValues,
  type JobInsert,
  type PayloadRow,
  type RunInsert,
  type RunUpdate,
  type StepRow,
  type WaitpointInsert,
} from './rows';
import type { JobDelivery, SettledJob } from './delivery';
import type { RunStop, RunStopKind } from './run-signals';
import type { RunSignalBridge } from './signal-bridge';
import { chunks, inList, str, valuesList, type SqlClient, type SqlRunner, type SqlValue } from './sql';

/** How long an Idempotency-Key keeps answering with its first run. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A run and its job, written together: no accepted trigger without a job. */
export interface AcceptWrite {
  run: RunInsert;
  job: JobInsert;
  idempotency?: { scope: string; key: string };
  payloads?: PayloadRow[];
  /** Steps the run starts with (a retry carries the steps before the one it retries). */
  steps?: StepRow[];
}

export type AcceptResult =
  | { outcome: 'created' }
  /** The idempotency key was used within 24 h: the first run's id. */
  | { outcome: 'duplicate'; runId: string }
  /** The job's singleton key exists (this schedule tick already fired). */
  | { outcome: 'skipped' };

/** What a running run hands the writer: its new steps and state, and what becomes of its job. */
export interface CheckpointWrite {
  runId: string;
  /** The job this process leases for the run: the write is dropped if the lease was lost. */
  jobId: string | null;
  steps: StepRow[];
  update: RunUpdate | undefined;
  /** Set: the run now waits here; null: remove any waitpoint; undefined: leave it. */
  waitpoint?: WaitpointInsert | null;
  /** The job's end: done, failed, or handed back to the queue (`queued`). */
  job?: 'done' | 'failed' | 'queued';
  /** Delete the run instead (a successful run when successful runs are not kept). */
  deleteRun?: boolean;
  /** Side-table rows to add (the retry point of a failed run). */
  payloads?: PayloadRow[];
  /** Folded into its run's insert in the same batch: the job is ours by construction. */
  merged?: boolean;
  /** The run stops with this write (waits, ends, or is handed back): other processes hear it. */
  stop?: RunStopKind;
  /** This write stores the run's first respond-node answer. */
  responded?: boolean;
}

/**
 * Runs in every transaction that stops runs, before it commits (the chat closes the conversation
 * of a bot that ended, in the same transaction); what it returns runs after the commit.
 */
export type RunStopHook = (tx: SqlRunner, stops: RunStop[]) => Promise<(() => void) | undefined>;

/** A checkpoint whose content is read at the moment the batch is written (so later steps join). */
export interface CheckpointSource {
  take(): CheckpointWrite;
}

type Op =
  | { kind: 'accept'; write: AcceptWrite; done: Settle<AcceptResult> }
  | { kind: 'checkpoint'; source: CheckpointSource; taken?: CheckpointWrite; done: Settle<boolean> }
  | { kind: 'custom'; apply: (tx: SqlRunner) => Promise<() => void>; done: Settle<never> };

interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

const MAX_OPS_PER_BATCH = 400;
const ROWS_PER_STATEMENT = 200;

/**
 * Group commit: everything the hot path writes goes through one writer that gathers what arrived
 * while the previous transaction was committing and writes it in one transaction, with multi-row
 * statements. Under load one transaction carries many runs; when idle a write goes out at once.
 */
export class WriteBatcher {
  private queue: Op[] = [];
  private flushing = false;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];
  private readonly stopHooks = new Set<RunStopHook>();

  constructor(
    private readonly options: {
      sql: SqlClient;
      clock: Clock;
      logger: Logger;
      leaseOwner: string;
      delivery: JobDelivery;
      /** Postgres: stops are sent to the other processes (NOTIFY) in the transaction that writes them. */
      signals?: RunSignalBridge;
    },
  ) {}

  /** Adds a hook run in each transaction that stops runs; returns how to remove it. */
  onStops(hook: RunStopHook): () => void {
    this.stopHooks.add(hook);
    return () => this.stopHooks.delete(hook);
  }

  /** Writes a new run and its job; resolves once committed. */
  accept(write: AcceptWrite): Promise<AcceptResult> {
    return new Promise((resolve, reject) => this.push({ kind: 'accept', write, done: { resolve, reject } }));
  }

  /**
   * Writes a run's checkpoint; resolves true once committed, false when this process no longer
   * holds the run's job (another worker took it over: stop working on the run).
   */
  checkpoint(source: CheckpointSource): Promise<boolean> {
    return new Promise((resolve, reject) =>
      this.push({ kind: 'checkpoint', source, done: { resolve, reject } }),
    );
  }

  /** Runs `fn` inside the next batch's transaction (claims, reaping, waking waits …). */
  custom<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const apply = async (tx: SqlRunner) => {
        const value = await fn(tx);
        return () => resolve(value);
      };
      this.push({ kind: 'custom', apply, done: { resolve: () => undefined, reject } });
    });
  }

  /**
   * Stops written outside a checkpoint (a cancel, a run the reaper ended as crashed): the stop
   * hooks (a bot's conversation closes) and the other processes (NOTIFY) hear them as they hear a
   * checkpoint's. In a transaction of its own, after the one that wrote the stop.
   */
  async announce(stops: RunStop[]): Promise<void> {
    if (stops.length === 0) return;
    const after = await this.custom((tx) => this.stopsWritten(tx, stops));
    after();
  }

  /** Runs the stop hooks and the NOTIFY in `tx`; returns what to do once it committed. */
  private async stopsWritten(tx: SqlRunner, stops: RunStop[]): Promise<() => void> {
    const afters: Array<() => void> = [];
    for (const hook of this.stopHooks) {
      const after = await hook(tx, stops);
      if (after) afters.push(after);
    }
    await this.options.signals?.stopped(tx, stops);
    return () => afters.forEach((after) => after());
  }

  /** Resolves when nothing is waiting to be written. */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private push(op: Op): void {
    this.queue.push(op);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // After the current macrotask: a run of synchronous nodes records all its steps first.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    const ops = this.queue.splice(0, MAX_OPS_PER_BATCH);
    if (ops.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.flushing = true;
    for (const op of ops) if (op.kind === 'checkpoint') op.taken = op.source.take();
    try {
      await this.writeOps(ops);
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
      else for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** One transaction for all; if it fails, each op alone, so one bad write fails only its caller. */
  private async writeOps(ops: Op[]): Promise<void> {
    try {
      const settle = await this.options.sql.transaction((tx) => this.apply(tx, ops));
      settle();
      return;
    } catch (error) {
      if (ops.length === 1) {
        ops[0]?.done.reject(error);
        return;
      }
      this.options.logger.warn('batched write failed; writing its parts one by one', {
        error: error instanceof Error ? error.message : String(error),
        ops: ops.length,
      });
    }
    for (const op of ops) {
      try {
        const settle = await this.options.sql.transaction((tx) => this.apply(tx, [op]));
        settle();
      } catch (error) {
        op.done.reject(error);
      }
    }
  }

  /** Applies the ops in one transaction and returns how to settle their promises after commit. */
  private async apply(tx: SqlRunner, ops: Op[]): Promise<() => void> {
    const now = this.options.clock.now();
    const settles: Array<() => void> = [];
    foldFinishedRuns(ops);
    const accepts = ops.flatMap((op) => (op.kind === 'accept' ? [op] : []));
    const { delivery } = this.options;
    if (accepts.length > 0) settles.push(...(await applyAccepts({ tx, ops: accepts, now, delivery })));
    const checkpoints = ops.flatMap((op) => (op.kind === 'checkpoint' ? [op] : []));
    const stops: RunStop[] = [];
    if (checkpoints.length > 0) {
      settles.push(
        ...(await applyCheckpoints({
          tx,
          ops: checkpoints,
          now,
          owner: this.options.leaseOwner,
          // Postgres: the lease row stays locked until commit, so a takeover cannot slip in between.
          lock: this.options.sql.dialect === 'postgres',
          delivery,
          stops,
        })),
      );
    }
    if (stops.length > 0) settles.push(await this.stopsWritten(tx, stops));
    for (const op of ops) {
      if (op.kind !== 'custom') continue;
      settles.push(await op.apply(tx));
    }
    return () => settles.forEach((settle) => settle());
  }
}

/**
 * A run accepted and (partly or wholly) executed before the batch was written: its latest state
 * and its job's end go into the inserts themselves, instead of an insert and then updates of the
 * same rows in the same transaction. The hot path of a sync webhook becomes one insert per table.
 */
function foldFinishedRuns(ops: Op[]): void {
  const accepts = new Map<string, AcceptWrite>();
  for (const op of ops) {
    const { write } = op.kind === 'accept' ? op : { write: undefined };
    if (write && !write.idempotency && write.job.singletonKey === null) accepts.set(write.run.id, write);
  }
  if (accepts.size === 0) return;
  for (const op of ops) {
    if (op.kind !== 'checkpoint' || !op.taken) continue;
    const write = op.taken;
    const accept = accepts.get(write.runId);
    if (!accept || write.deleteRun || write.jobId !== accept.job.id) continue;
    if (write.update) {
      const { status, state, stepCount, finishedAt, error } = write.update;
      accept.run = { ...accept.run, status, state, stepCount, finishedAt, error };
      write.update = undefined;
    }
    if (write.job) {
      accept.job = { ...accept.job, status: write.job, lockedUntil: null, leaseOwner: null };
      write.job = undefined;
    }
    write.merged = true;
  }
}

async function insertRows(
  tx: SqlRunner,
  input: { table: string; columns: readonly string[]; rows: SqlValue[][]; suffix?: string },
): Promise<Array<Record<string, unknown>>> {
  const returned: Array<Record<string, unknown>> = [];
  for (const part of chunks(input.rows, ROWS_PER_STATEMENT)) {
    const sql = `INSERT INTO ${input.table} (${input.columns.join(', ')}) VALUES ${valuesList(part.length, input.columns.length)}${input.suffix ?? ''}`;
    const params = part.flat();
    if (input.suffix?.includes('RETURNING')) returned.push(...(await tx.all(sql, params)));
    else await tx.run(sql, params);
  }
  return returned;
}

type AcceptOp = Extract<Op, { kind: 'accept' }>;

async function applyAccepts(input: {
  tx: SqlRunner;
  ops: AcceptOp[];
  now: number;
  delivery: JobDelivery;
}): Promise<Array<() => void>> {
  const { tx, ops, now } = input;
  const settles: Array<() => void> = [];
  let winners = ops;
  const keyed = ops.filter((op) => op.write.idempotency !== undefined);
  if (keyed.length > 0) {
    const lost = await claimIdempotencyKeys(tx, keyed, now);
    for (const [op, runId] of lost) settles.push(() => op.done.resolve({ outcome: 'duplicate', runId }));
    winners = winners.filter((op) => !lost.has(op));
  }
  if (winners.length === 0) return settles;
  const inserted = await insertRows(tx, {
    table: 'jobs',
    columns: JOB_INSERT_COLUMNS,
    rows: winners.map((op) => jobInsertValues(op.write.job, now)),
    suffix: ' ON CONFLICT (singleton_key) DO NOTHING RETURNING id',
  });
  const insertedIds = new Set(inserted.map((row) => str(row.id)));
  const created = winners.filter((op) => insertedIds.has(op.write.job.id));
  for (const op of winners) {
    if (!insertedIds.has(op.write.job.id)) settles.push(() => op.done.resolve({ outcome: 'skipped' }));
  }
  if (created.length === 0) return settles;
  // Same transaction: no accepted trigger without a delivered job. A run that already ended in
  // this batch (folded into its insert) needs none.
  await input.delivery.enqueued(
    tx,
    created.flatMap(({ write: { job } }) =>
      job.status === 'queued' || job.status === 'leased'
        ? [
            {
              id: job.id,
              kind: job.kind,
              runAt: job.runAt,
              lockedUntil: job.status === 'leased' ? job.lockedUntil : null,
            },
          ]
        : [],
    ),
  );
  await insertRows(tx, {
    table: 'runs',
    columns: RUN_INSERT_COLUMNS,
    rows: created.map((op) => runInsertValues(op.write.run, now)),
  });
  const steps = created.flatMap((op) => op.write.steps ?? []);
  if (steps.length > 0) {
    await insertRows(tx, {
      table: 'run_steps',
      columns: STEP_INSERT_COLUMNS,
      rows: steps.map(stepInsertValues),
    });
  }
  const payloads = [...payloadRowsOf(steps), ...created.flatMap((op) => op.write.payloads ?? [])];
  if (payloads.length > 0) await insertPayloads(tx, payloads);
  for (const op of created) settles.push(() => op.done.resolve({ outcome: 'created' }));
  return settles;
}

/**
 * Inserts the idempotency keys; a key used in the last 24 h stays with its first run. Returns the
 * ops that lost, with the run that holds their key.
 */
async function claimIdempotencyKeys(
  tx: SqlRunner,
  ops: AcceptOp[],
  now: number,
): Promise<Map<AcceptOp, string>> {
  const lost = new Map<AcceptOp, string>();
  const firstByKey = new Map<string, AcceptOp>();
  const fresh: AcceptOp[] = [];
  for (const op of ops) {
    const id = op.write.idempotency;
    if (!id) continue;
    const composite = `${id.scope}\u0000${id.key}`;
    const first = firstByKey.get(composite);
    // Two requests with one key in the same batch: the second is a repeat of the first.
    if (first) lost.set(op, first.write.run.id);
    else {
      firstByKey.set(composite, op);
      fresh.push(op);
    }
  }
  const rows = fresh.flatMap((op) => {
    const id = op.write.idempotency;
    return id ? [[id.scope, id.key, op.write.run.id, now]] : [];
  });
  const won = await insertRows(tx, {
    table: 'idempotency_keys',
    columns: ['scope', 'key', 'run_id', 'created_at'],
    rows,
    suffix: ` ON CONFLICT (scope, key) DO UPDATE SET run_id = excluded.run_id, created_at = excluded.created_at WHERE idempotency_keys.created_at < ${now - IDEMPOTENCY_WINDOW_MS} RETURNING scope, key`,
  });
  const wonKeys = new Set(won.map((row) => `${str(row.scope)}\u0000${str(row.key)}`));
  for (const op of fresh) {
    const id = op.write.idempotency;
    if (!id || wonKeys.has(`${id.scope}\u0000${id.key}`)) continue;
    const existing = await tx.all('SELECT run_id FROM idempotency_keys WHERE scope = ? AND key = ?', [
      id.scope,
      id.key,
    ]);
    lost.set(op, str(existing[0]?.run_id));
  }
  return lost;
}

async function insertPayloads(tx: SqlRunner, payloads: PayloadRow[]): Promise<void> {
  await insertRows(tx, {
    table: 'run_payloads',
    columns: PAYLOAD_INSERT_COLUMNS,
    rows: payloads.map((row) => [row.runId, row.stepIndex, row.kind, row.data]),
  });
}

type CheckpointOp = Extract<Op, { kind: 'checkpoint' }>;

async function applyCheckpoints(input: {
  tx: SqlRunner;
  ops: CheckpointOp[];
  now: number;
  owner: string;
  lock: boolean;
  delivery: JobDelivery;
  /** Filled with the stops of the writes kept (a fenced write stops nothing). */
  stops: RunStop[];
}): Promise<Array<() => void>> {
  const { tx, now } = input;
  const writes = input.ops.flatMap((op) => (op.taken ? [{ op, write: op.taken }] : []));
  // Fencing: a worker whose lease ran out (and whose job another worker took) writes nothing.
  const jobIds = writes.flatMap(({ write }) => (write.jobId && !write.merged ? [write.jobId] : []));
  const held = new Set<string>();
  for (const part of chunks(jobIds, ROWS_PER_STATEMENT)) {
    const rows = await tx.all(
      `SELECT id FROM jobs WHERE id IN (${inList(part.length)}) AND status = 'leased' AND lease_owner = ?${input.lock ? ' FOR UPDATE' : ''}`,
      [...part, input.owner],
    );
    for (const row of rows) held.add(str(row.id));
  }
  const kept = writes.filter(({ write }) => write.jobId === null || write.merged || held.has(write.jobId));
  const settles = writes
    .filter((entry) => !kept.includes(entry))
    .map(
      ({ op }) =>
        () =>
          op.done.resolve(false),
    );
  const live = kept.filter(({ write }) => !write.deleteRun).map(({ write }) => write);
  await updateRuns(tx, live, now);
  const steps = live.flatMap((write) => write.steps);
  if (steps.length > 0) {
    await insertRows(tx, {
      table: 'run_steps',
      columns: STEP_INSERT_COLUMNS,
      rows: steps.map(stepInsertValues),
    });
  }
  const payloads = [...payloadRowsOf(steps), ...live.flatMap((write) => write.payloads ?? [])];
  if (payloads.length > 0) await insertPayloads(tx, payloads);
  await applyWaitpoints(tx, live, now);
  await finishJobs(
    tx,
    kept.map(({ write }) => write),
    now,
  );
  const doomed = kept.filter(({ write }) => write.deleteRun).map(({ write }) => write.runId);
  for (const part of chunks(doomed, ROWS_PER_STATEMENT)) {
    await tx.run(`DELETE FROM runs WHERE id IN (${inList(part.length)})`, part);
  }
  for (const { write } of kept) {
    if (write.responded) input.stops.push({ runId: write.runId, kind: 'responded' });
    if (write.stop) input.stops.push({ runId: write.runId, kind: write.stop });
  }
  const ended: SettledJob[] = kept.flatMap(({ write }) =>
    write.job && write.jobId && !write.merged ? [{ id: write.jobId, status: write.job }] : [],
  );
  if (ended.length > 0) settles.push(() => input.delivery.settled(ended));
  settles.push(
    ...kept.map(
      ({ op }) =>
        () =>
          op.done.resolve(true),
    ),
  );
  return settles;
}

/** Column → value of a run update, with the cast Postgres needs to type a CASE of parameters. */
const RUN_UPDATE_COLUMNS: Array<{ column: string; cast?: string; value: (update: RunUpdate) => SqlValue }> = [
  { column: 'status', value: (update) => update.status },
  { column: 'state', value: (update) => update.state },
  { column: 'step_count', cast: 'INTEGER', value: (update) => update.stepCount },
  { column: 'finished_at', cast: 'BIGINT', value: (update) => update.finishedAt },
  { column: 'error', value: (update) => update.error },
];

/**
 * Updates many runs with one statement per chunk (`SET col = CASE id WHEN … END`): a batch of
 * runs costs one round trip to SQLite, not one per run.
 */
async function updateRuns(tx: SqlRunner, writes: CheckpointWrite[], now: number): Promise<void> {
  const updates = writes.flatMap((write) =>
    write.update ? [{ id: write.runId, update: write.update }] : [],
  );
  for (const part of chunks(updates, ROWS_PER_STATEMENT)) {
    const params: SqlValue[] = [];
    const sets = RUN_UPDATE_COLUMNS.map(({ column, cast, value }) => {
      const whens = part.map(({ id, update }) => {
        params.push(id, value(update));
        return cast ? `WHEN ? THEN CAST(? AS ${cast})` : 'WHEN ? THEN ?';
      });
      return `${column} = CASE id ${whens.join(' ')} END`;
    });
    params.push(now, ...part.map(({ id }) => id));
    await tx.run(
      `UPDATE runs SET ${sets.join(', ')}, updated_at = ? WHERE id IN (${inList(part.length)})`,
      params,
    );
  }
}

async function applyWaitpoints(tx: SqlRunner, writes: CheckpointWrite[], now: number): Promise<void> {
  const touched = writes.filter((write) => write.waitpoint !== undefined);
  if (touched.length === 0) return;
  for (const part of chunks(touched, ROWS_PER_STATEMENT)) {
    await tx.run(
      `DELETE FROM waitpoints WHERE run_id IN (${inList(part.length)})`,
      part.map((write) => write.runId),
    );
  }
  const inserts = touched.flatMap((write) => (write.waitpoint ? [write.waitpoint] : []));
  if (inserts.length === 0) return;
  await insertRows(tx, {
    table: 'waitpoints',
    columns: WAITPOINT_INSERT_COLUMNS,
    rows: inserts.map((row) => waitpointInsertValues(row, now)),
  });
}

async function finishJobs(tx: SqlRunner, writes: CheckpointWrite[], now: number): Promise<void> {
  for (const status of ['done', 'failed', 'queued'] as const) {
    const ids = writes.flatMap((write) => (write.job === status && write.jobId ? [write.jobId] : []));
    for (const part of chunks(ids, ROWS_PER_STATEMENT)) {
      await tx.run(
        `UPDATE jobs SET status = ?, lease_owner = NULL, locked_until = NULL, updated_at = ? WHERE id IN (${inList(part.length)})`,
        [status, now, ...part],
      );
    }
  }
}
