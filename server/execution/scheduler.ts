import { Cron } from 'croner';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { ExecutionContext } from './context';
import type { RunService } from './run-service';
import { num, str } from './sql';

interface ScheduleEntry {
  key: string;
  workflowId: string;
  version: number;
  document: WorkflowDocument;
  nodeId: string;
  expression: string;
  timeZone: string;
  missedPolicy: 'skip' | 'run_once';
  cron: Cron;
  /** The next tick (ms), or null when the expression has no more. */
  next: number | null;
}

/** Longest sleep between checks, so a changed system clock is noticed within a minute. */
const MAX_SLEEP_MS = 60_000;

function readConfig(config: Record<string, unknown>, fallbackZone: string) {
  const expression = typeof config.cron === 'string' ? config.cron.trim() : '';
  const timeZone = typeof config.timeZone === 'string' && config.timeZone ? config.timeZone : fallbackZone;
  const missedPolicy: 'skip' | 'run_once' = config.missedPolicy === 'skip' ? 'skip' : 'run_once';
  return { expression, timeZone, missedPolicy };
}

/**
 * Fires schedule triggers of active workflows. croner computes the ticks in each trigger's IANA
 * time zone; the timing itself runs on our Clock (tests move it by hand). A tick becomes a job
 * with the singleton key `schedule:<workflow>:<node>:<tick>`, so two processes never fire the same
 * tick twice. The last tick fired is remembered per trigger: at start, a tick missed while the
 * server was down runs once when the trigger's policy is `run_once`.
 */
export class Scheduler {
  private entries = new Map<string, ScheduleEntry>();
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  /** A scheduler that lost (or has not won) the election fires nothing; another process does. */
  private standby = false;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly service: RunService,
  ) {}

  /** The schedules registered now (for tests and diagnostics). */
  list(): Array<{ workflowId: string; nodeId: string; cron: string; timeZone: string; next: number | null }> {
    return [...this.entries.values()].map((entry) => ({
      workflowId: entry.workflowId,
      nodeId: entry.nodeId,
      cron: entry.expression,
      timeZone: entry.timeZone,
      next: entry.next,
    }));
  }

  /** True while another process is the active scheduler (Postgres: see pgboss/session.ts). */
  get isStandby(): boolean {
    return this.standby;
  }

  /**
   * Standby fires nothing. Leaving standby reads the schedules again, which fires the ticks missed
   * since the previous scheduler's last one (policy run_once): a fail-over loses no tick, and
   * `schedule_state` plus the tick's singleton key keep it from firing twice.
   */
  async setStandby(standby: boolean): Promise<void> {
    this.standby = standby;
    if (!standby) await this.reload();
  }

  /** Reads the active workflows again (start, activate, deactivate, publish). */
  async reload(): Promise<void> {
    const { ctx } = this;
    const now = ctx.clock.now();
    const fresh = new Map<string, ScheduleEntry>();
    for (const workflow of await ctx.workflows.active()) {
      const zone = workflow.document.settings.timeZone ?? 'Asia/Tokyo';
      for (const node of workflow.document.nodes) {
        if (node.disabled || ctx.registry.get(node.type)?.trigger !== 'schedule') continue;
        const { expression, timeZone, missedPolicy } = readConfig(node.config, zone);
        const key = `${workflow.workflowId}:${node.id}`;
        let cron: Cron;
        try {
          cron = new Cron(expression, { timezone: timeZone, paused: true });
        } catch (error) {
          ctx.logger.warn('schedule trigger skipped: its cron expression or time zone is invalid', {
            workflowId: workflow.workflowId,
            nodeId: node.id,
            error: String(error),
          });
          continue;
        }
        const next = cron.nextRun(new Date(now))?.getTime() ?? null;
        fresh.set(key, { key, ...workflow, nodeId: node.id, expression, timeZone, missedPolicy, cron, next });
      }
    }
    const removed = [...this.entries.values()].filter((entry) => !fresh.has(entry.key));
    this.entries = fresh;
    // A deactivated trigger forgets its last tick: activating it later does not count as "missed".
    for (const entry of removed) {
      await ctx.batcher.custom((tx) =>
        tx.run('DELETE FROM schedule_state WHERE workflow_id = ? AND node_id = ?', [
          entry.workflowId,
          entry.nodeId,
        ]),
      );
    }
    if (!this.standby) await this.catchUp(now);
    this.arm();
  }

  /** Fires ticks missed while no process was running (policy run_once), once each trigger. */
  private async catchUp(now: number): Promise<void> {
    const rows = await this.ctx.sql.read.all('SELECT workflow_id, node_id, last_tick_at FROM schedule_state');
    const last = new Map(
      rows.map((row) => [`${str(row.workflow_id)}:${str(row.node_id)}`, num(row.last_tick_at)]),
    );
    for (const entry of this.entries.values()) {
      const lastTick = last.get(entry.key);
      if (lastTick === undefined) {
        await this.remember(entry, now);
        continue;
      }
      const missed = entry.cron.previousRuns(1, new Date(now))[0]?.getTime();
      if (missed === undefined || missed <= lastTick) continue;
      if (entry.missedPolicy === 'run_once') await this.fire(entry, { tick: missed, missed: true });
      else await this.remember(entry, missed);
    }
  }

  /** Fires every trigger whose tick is due; returns how many fired. */
  async tick(): Promise<number> {
    if (this.standby) return 0;
    const now = this.ctx.clock.now();
    let fired = 0;
    for (const entry of this.entries.values()) {
      if (entry.next === null || entry.next > now) continue;
      const tick = entry.next;
      // Only the latest due tick fires: after a long pause there is one run, not a burst.
      entry.next = entry.cron.nextRun(new Date(now))?.getTime() ?? null;
      if (await this.fire(entry, { tick, missed: false })) fired++;
    }
    return fired;
  }

  private async fire(entry: ScheduleEntry, input: { tick: number; missed: boolean }): Promise<boolean> {
    const firedAt = new Date(input.tick).toISOString();
    try {
      const result = await this.service.trigger({
        workflowId: entry.workflowId,
        version: entry.version,
        document: entry.document,
        triggerNodeId: entry.nodeId,
        triggerKind: 'schedule',
        payload: { firedAt, timeZone: entry.timeZone, missed: input.missed },
        singletonKey: `schedule:${entry.workflowId}:${entry.nodeId}:${input.tick}`,
      });
      await this.remember(entry, input.tick);
      return result.outcome === 'created';
    } catch (error) {
      this.ctx.logger.error('schedule trigger failed to fire', {
        key: entry.key,
        firedAt,
        error: String(error),
      });
      return false;
    }
  }

  private async remember(entry: ScheduleEntry, tick: number): Promise<void> {
    await this.ctx.batcher.custom((tx) =>
      tx.run(
        `INSERT INTO schedule_state (workflow_id, node_id, last_tick_at) VALUES (?, ?, ?)
         ON CONFLICT (workflow_id, node_id) DO UPDATE SET last_tick_at = excluded.last_tick_at
         WHERE schedule_state.last_tick_at < excluded.last_tick_at`,
        [entry.workflowId, entry.nodeId, tick],
      ),
    );
  }

  /** Starts firing on timers. */
  start(): void {
    this.started = true;
    this.arm();
  }

  stop(): void {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (!this.started) return;
    clearTimeout(this.timer);
    const nexts = [...this.entries.values()].flatMap((entry) => (entry.next === null ? [] : [entry.next]));
    const delay =
      nexts.length === 0
        ? MAX_SLEEP_MS
        : Math.min(MAX_SLEEP_MS, Math.max(0, Math.min(...nexts) - this.ctx.clock.now()));
    this.timer = setTimeout(() => {
      void this.tick()
        .catch((error: unknown) => this.ctx.logger.error('schedule tick failed', { error: String(error) }))
        .finally(() => this.arm());
    }, delay);
    this.timer.unref();
  }
}
