import { QueryTypes, Sequelize } from 'sequelize';

/** A finished (or not) run as the history table has it. */
export interface RunRow {
  id: string;
  workflowId: string;
  status: string;
  /** The trigger payload (webhook body, schedule tick …). */
  trigger: Record<string, unknown>;
  /** Node ids of the recorded steps in order, comma-separated. */
  steps: string;
}

const OPEN = "('queued', 'running', 'waiting')";

/**
 * Reads the run history straight from Postgres, as an operator's SQL would: the tests judge what
 * the cluster did by its rows, not by what a process says about itself.
 */
export class RunHistory {
  private readonly sequelize: Sequelize;

  constructor(url: string) {
    this.sequelize = new Sequelize(url, { dialect: 'postgres', logging: false, pool: { max: 2 } });
  }

  async runs(workflowId: string): Promise<RunRow[]> {
    const rows = await this.sequelize.query<{
      id: string;
      workflow_id: string;
      status: string;
      trigger: string;
      steps: string | null;
    }>(
      `SELECT r.id, r.workflow_id, r.status, r.trigger,
              (SELECT string_agg(s.node_id, ',' ORDER BY s.step_index) FROM run_steps s WHERE s.run_id = r.id) AS steps
         FROM runs r WHERE r.workflow_id = :workflowId ORDER BY r.started_at`,
      { type: QueryTypes.SELECT, replacements: { workflowId } },
    );
    return rows.map((row) => ({
      id: row.id,
      workflowId: row.workflow_id,
      status: row.status,
      trigger: JSON.parse(row.trigger) as Record<string, unknown>,
      steps: row.steps ?? '',
    }));
  }

  /** Runs of the workflow not yet over (queued, running, waiting). */
  async openRuns(workflowId: string): Promise<number> {
    const rows = await this.sequelize.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM runs WHERE workflow_id = :workflowId AND status IN ${OPEN}`,
      { type: QueryTypes.SELECT, replacements: { workflowId } },
    );
    return Number(rows[0]?.n ?? 0);
  }

  async countRuns(workflowId: string): Promise<number> {
    const rows = await this.sequelize.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM runs WHERE workflow_id = :workflowId',
      { type: QueryTypes.SELECT, replacements: { workflowId } },
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Polls until `expected` runs of the workflow exist and none is open, or the time is up; returns
   * how many are still open then (0 when all finished).
   */
  async waitUntilFinished(input: {
    workflowId: string;
    expected: number;
    timeoutMs: number;
  }): Promise<number> {
    const deadline = Date.now() + input.timeoutMs;
    for (;;) {
      const open = await this.openRuns(input.workflowId);
      const total = await this.countRuns(input.workflowId);
      if ((open === 0 && total >= input.expected) || Date.now() > deadline) return open;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async query<T extends object>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    return this.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
  }

  close(): Promise<void> {
    return this.sequelize.close();
  }
}
