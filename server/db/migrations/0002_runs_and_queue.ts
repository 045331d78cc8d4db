import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Runs and their steps, the embedded job queue, waitpoints, webhook registrations, idempotency keys
 * and schedule bookkeeping. Times are epoch milliseconds (BIGINT): the queue compares them on every
 * claim, and numbers compare the same way in SQLite and Postgres. JSON is kept as TEXT so both
 * dialects hand back the same string.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  const ms = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });
  const workflowRef = {
    type: DataTypes.STRING(100),
    allowNull: false,
    references: { model: 'workflows', key: 'id' },
    onDelete: 'CASCADE',
  };
  const runRef = {
    type: DataTypes.STRING(36),
    allowNull: false,
    references: { model: 'runs', key: 'id' },
    onDelete: 'CASCADE',
  };

  await qi.createTable('runs', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    workflow_id: workflowRef,
    // null: a manual run of the draft; its document is kept in run_payloads (kind 'document').
    version: { type: DataTypes.INTEGER, allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    mode: { type: DataTypes.STRING(16), allowNull: false },
    trigger_kind: { type: DataTypes.STRING(32), allowNull: false },
    trigger_node: { type: DataTypes.STRING(100), allowNull: false },
    retry_of: { type: DataTypes.STRING(36), allowNull: true },
    started_at: ms(false),
    finished_at: ms(true),
    step_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    error: { type: DataTypes.TEXT, allowNull: true },
    cancel_requested: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    created_by: { type: DataTypes.UUID, allowNull: true },
    updated_at: ms(false),
    // Large columns last: SQLite reads a row's columns in order, so list queries stop before them.
    trigger: { type: DataTypes.TEXT, allowNull: false },
    state: { type: DataTypes.TEXT, allowNull: false },
  });
  await qi.addIndex('runs', ['started_at']);
  await qi.addIndex('runs', ['workflow_id', 'started_at']);
  await qi.addIndex('runs', ['status', 'started_at']);
  await qi.addIndex('runs', ['finished_at']);

  await qi.createTable('run_steps', {
    run_id: { ...runRef, primaryKey: true },
    step_index: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false },
    node_id: { type: DataTypes.STRING(100), allowNull: false },
    node_type: { type: DataTypes.STRING(100), allowNull: false },
    label: { type: DataTypes.STRING(200), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    branch: { type: DataTypes.STRING(100), allowNull: true },
    attempt: { type: DataTypes.INTEGER, allowNull: false },
    started_at: ms(false),
    duration_ms: { type: DataTypes.INTEGER, allowNull: false },
    error: { type: DataTypes.TEXT, allowNull: true },
    // true: input/output are too large for the row and live in run_payloads.
    payload_external: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    input: { type: DataTypes.TEXT, allowNull: true },
    output: { type: DataTypes.TEXT, allowNull: true },
  });

  await qi.createTable('run_payloads', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    run_id: runRef,
    step_index: { type: DataTypes.INTEGER, allowNull: true },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    data: { type: DataTypes.TEXT, allowNull: false },
  });
  await qi.addIndex('run_payloads', ['run_id', 'step_index']);

  await qi.createTable('jobs', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    kind: { type: DataTypes.STRING(64), allowNull: false },
    // No foreign key: a job outlives a pruned run for a while, and the hot path inserts it first.
    run_id: { type: DataTypes.STRING(36), allowNull: true },
    workflow_id: { type: DataTypes.STRING(100), allowNull: true },
    payload: { type: DataTypes.TEXT, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    run_at: ms(false),
    locked_until: ms(true),
    lease_owner: { type: DataTypes.STRING(200), allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expiries: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    singleton_key: { type: DataTypes.STRING(300), allowNull: true, unique: true },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    created_at: ms(false),
    updated_at: ms(false),
  });
  await qi.addIndex('jobs', ['status', 'run_at']);
  await qi.addIndex('jobs', ['status', 'locked_until']);
  await qi.addIndex('jobs', ['run_id']);
  await qi.addIndex('jobs', ['lease_owner']);

  await qi.createTable('waitpoints', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    run_id: { ...runRef, unique: true },
    node_id: { type: DataTypes.STRING(100), allowNull: false },
    step_index: { type: DataTypes.INTEGER, allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    due_at: ms(true),
    conversation_key: { type: DataTypes.STRING(200), allowNull: true },
    callback_key: { type: DataTypes.STRING(100), allowNull: true, unique: true },
    created_at: ms(false),
  });
  await qi.addIndex('waitpoints', ['due_at']);
  await qi.addIndex('waitpoints', ['conversation_key']);

  await qi.createTable('webhook_registrations', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    path: { type: DataTypes.STRING(300), allowNull: false },
    method: { type: DataTypes.STRING(10), allowNull: false },
    workflow_id: workflowRef,
    version: { type: DataTypes.INTEGER, allowNull: false },
    node_id: { type: DataTypes.STRING(100), allowNull: false },
    created_at: ms(false),
  });
  await qi.addIndex('webhook_registrations', ['path', 'method'], { unique: true });
  await qi.addIndex('webhook_registrations', ['workflow_id']);

  await qi.createTable('idempotency_keys', {
    scope: { type: DataTypes.STRING(200), primaryKey: true, allowNull: false },
    key: { type: DataTypes.STRING(300), primaryKey: true, allowNull: false },
    run_id: { type: DataTypes.STRING(36), allowNull: false },
    created_at: ms(false),
  });
  await qi.addIndex('idempotency_keys', ['created_at']);

  // The last tick each schedule trigger fired for: a restart knows which fires it missed.
  await qi.createTable('schedule_state', {
    workflow_id: { ...workflowRef, primaryKey: true },
    node_id: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
    last_tick_at: ms(false),
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  for (const table of [
    'schedule_state',
    'idempotency_keys',
    'webhook_registrations',
    'waitpoints',
    'jobs',
    'run_payloads',
    'run_steps',
    'runs',
  ]) {
    await qi.dropTable(table);
  }
};
