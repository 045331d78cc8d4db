import type { ResumeEvent } from '../../runtime/model/run';
import type { ExecutionContext } from './context';
import { newId } from './ids';
import { JOB_INSERT_COLUMNS, jobInsertValues, type JobInsert } from './rows';
import type { JobLease } from './run-executor';
import { inList, num, str, valuesList, type SqlRow, type SqlRunner } from './sql';
import type { Slot, Worker } from './worker';

const WAKE_BATCH = 200;

/** The job that resumes a run at a wait; its singleton key makes every wait wake exactly once. */
function resumeJob(input: {
  ctx: ExecutionContext;
  row: SqlRow;
  event: ResumeEvent;
  slot: Slot | undefined;
}): JobInsert {
  const { ctx, row, event, slot } = input;
  const now = ctx.clock.now();
  const runId = str(row.run_id);
  const stepIndex = num(row.step_index);
  return {
    id: newId(now),
    kind: 'resume',
    runId,
    workflowId: str(row.workflow_id),
    payload: JSON.stringify({ stepIndex, event }),
    status: slot ? 'leased' : 'queued',
    runAt: now,
    lockedUntil: slot ? now + ctx.settings.leaseMs : null,
    leaseOwner: slot ? ctx.owner.id : null,
    singletonKey: `wake:${runId}:${stepIndex}`,
  };
}

async function insertJobs(
  ctx: ExecutionContext,
  tx: SqlRunner,
  input: { jobs: JobInsert[]; now: number },
): Promise<Set<string>> {
  const { jobs, now } = input;
  if (jobs.length === 0) return new Set();
  const rows = await tx.all(
    `INSERT INTO jobs (${JOB_INSERT_COLUMNS.join(', ')}) VALUES ${valuesList(jobs.length, JOB_INSERT_COLUMNS.length)}
     ON CONFLICT (singleton_key) DO NOTHING RETURNING id`,
    jobs.flatMap((job) => jobInsertValues(job, now)),
  );
  const inserted = new Set(rows.map((row) => str(row.id)));
  // Same transaction as the waitpoint's removal: a wake is never lost between the two.
  await ctx.delivery.enqueued(
    tx,
    jobs
      .filter((job) => inserted.has(job.id))
      .map((job) => ({
        id: job.id,
        kind: job.kind,
        runAt: job.runAt,
        lockedUntil: job.status === 'leased' ? job.lockedUntil : null,
      })),
  );
  return inserted;
}

const WAITPOINT_SELECT =
  'SELECT w.id, w.run_id, w.step_index, w.kind, r.workflow_id FROM waitpoints w JOIN runs r ON r.id = w.run_id';

/**
 * Wakes waits that are due: `until` waits (delays) with a `time` event, message and callback
 * waits past their timeout with a `timeout` event. Each becomes a resume job in the same
 * transaction that removes the waitpoint, so a wake survives a crash and happens once.
 */
export async function wakeDueWaits(ctx: ExecutionContext, worker: Worker): Promise<number> {
  const woken = await ctx.batcher.custom(async (tx) => {
    const now = ctx.clock.now();
    const rows = await tx.all(
      `${WAITPOINT_SELECT} WHERE w.due_at IS NOT NULL AND w.due_at <= ? ORDER BY w.due_at LIMIT ${WAKE_BATCH}`,
      [now],
    );
    if (rows.length === 0) return 0;
    const jobs = rows.map((row) =>
      resumeJob({
        ctx,
        row,
        event: row.kind === 'until' ? { kind: 'time' } : { kind: 'timeout' },
        slot: undefined,
      }),
    );
    await insertJobs(ctx, tx, { jobs, now });
    const ids = rows.map((row) => str(row.id));
    await tx.run(`DELETE FROM waitpoints WHERE id IN (${inList(ids.length)})`, ids);
    return rows.length;
  });
  if (woken > 0) worker.notify();
  return woken;
}

/**
 * Delivers an event to a run waiting for it: removes its waitpoint and writes the resume job in
 * one transaction; executes it here at once when this process has a free place. False when the
 * run is not waiting for this kind of event (already woken, finished, or waiting for another).
 */
export async function deliverEvent(input: {
  ctx: ExecutionContext;
  worker: Worker;
  where: { runId: string } | { callbackKey: string };
  event: ResumeEvent & { kind: 'message' | 'callback' };
  /**
   * Runs first in the delivering transaction, told whether the run waits for this kind of event;
   * false leaves the run as it is. The chat stores a visitor's message and moves its delivery
   * cursor here, so a message is handed to the run exactly when the cursor says so.
   */
  within?: (tx: SqlRunner, waiting: boolean) => Promise<boolean>;
}): Promise<boolean> {
  const { ctx, worker, event } = input;
  let slot: Slot | undefined;
  const delivered = await ctx.batcher
    .custom(async (tx): Promise<JobLease | undefined> => {
      const now = ctx.clock.now();
      const [column, value] =
        'runId' in input.where
          ? ['w.run_id', input.where.runId]
          : ['w.callback_key', input.where.callbackKey];
      const rows = await tx.all(`${WAITPOINT_SELECT} WHERE ${column} = ? AND w.kind = ?`, [
        value,
        event.kind,
      ]);
      const row = rows[0];
      if (input.within && !(await input.within(tx, row !== undefined))) return undefined;
      if (!row) return undefined;
      slot ??= worker.tryReserve(str(row.workflow_id));
      const job = resumeJob({ ctx, row, event, slot });
      const inserted = await insertJobs(ctx, tx, { jobs: [job], now });
      await tx.run('DELETE FROM waitpoints WHERE id = ?', [str(row.id)]);
      if (!inserted.has(job.id)) return undefined;
      return {
        jobId: job.id,
        kind: 'resume',
        runId: job.runId,
        workflowId: job.workflowId,
        payload: { stepIndex: num(row.step_index), event },
        attempts: 1,
      };
    })
    .catch((error: unknown) => {
      if (slot) worker.cancelReservation(slot);
      throw error;
    });
  if (!delivered) {
    if (slot) worker.cancelReservation(slot);
    return false;
  }
  if (slot) void worker.start(slot, delivered);
  else worker.notify();
  return true;
}
