import { DataTypes } from 'sequelize';
import type { DataType, QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

const id = { type: DataTypes.STRING(100), primaryKey: true, allowNull: false };

function ref(
  table: string,
  onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT',
  type: DataType = DataTypes.STRING(100),
) {
  return { type, allowNull: onDelete !== 'CASCADE', references: { model: table, key: 'id' }, onDelete };
}

/** The built-in connections a fresh install has, so the integration nodes work at once. */
const BUILTIN_CONNECTIONS = [
  { id: 'builtin-crm', type: 'builtin_crm', name: '内蔵 CRM / Built-in CRM' },
  { id: 'builtin-desk', type: 'builtin_desk', name: '内蔵ヘルプデスク / Built-in help desk' },
  { id: 'builtin-lists', type: 'builtin_lists', name: '内蔵配信リスト / Built-in mailing lists' },
] as const;

/**
 * The embedded CRM: connections, departments and agents, pipelines with stages, records of every
 * module in one table (typed columns for what is matched and filtered on, JSON for the rest and for
 * custom fields), stage history, mailing-list members, stage automations and their timers.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('connections', {
    id,
    type: { type: DataTypes.STRING(32), allowNull: false },
    name: { type: DataTypes.STRING(200), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    // Non-secret settings (a kintone domain, a Slack team name); secrets go sealed into `credentials`.
    settings: { type: DataTypes.JSON, allowNull: false },
    credentials: { type: DataTypes.TEXT, allowNull: true },
    last_test_at: { type: DataTypes.DATE, allowNull: true },
    last_test_ok: { type: DataTypes.BOOLEAN, allowNull: true },
    last_test_message: { type: DataTypes.TEXT, allowNull: true },
    created_by: ref('users', 'SET NULL', DataTypes.UUID),
    ...timestamps,
  });
  await qi.addIndex('connections', ['type']);
  const now = new Date();
  await qi.bulkInsert(
    'connections',
    BUILTIN_CONNECTIONS.map((connection) => ({
      ...connection,
      status: 'enabled',
      settings: '{}',
      created_at: now,
      updated_at: now,
    })),
  );

  const party = {
    id,
    name: { type: DataTypes.STRING(200), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    // Soft delete: a ticket keeps pointing at a deleted department, and a node can tell
    // "deleted" from "never existed".
    deleted_at: { type: DataTypes.DATE, allowNull: true },
  };
  await qi.createTable('crm_departments', { ...party, ...timestamps });
  await qi.createTable('crm_agents', {
    ...party,
    email: { type: DataTypes.STRING(320), allowNull: true },
    department_id: ref('crm_departments', 'SET NULL'),
    ...timestamps,
  });

  await qi.createTable('crm_pipelines', {
    id,
    module: { type: DataTypes.STRING(16), allowNull: false },
    name: { type: DataTypes.STRING(200), allowNull: false },
    position: { type: DataTypes.INTEGER, allowNull: false },
    custom_fields: { type: DataTypes.JSON, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('crm_pipelines', ['module', 'position']);

  await qi.createTable('crm_stages', {
    id,
    pipeline_id: ref('crm_pipelines', 'CASCADE'),
    name: { type: DataTypes.STRING(100), allowNull: false },
    position: { type: DataTypes.INTEGER, allowNull: false },
    // open: work goes on / won / lost (deals) / closed (tickets): the board shows them at the end.
    outcome: { type: DataTypes.STRING(8), allowNull: false },
    color: { type: DataTypes.STRING(16), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('crm_stages', ['pipeline_id', 'position']);

  await qi.createTable('crm_records', {
    id,
    module: { type: DataTypes.STRING(16), allowNull: false },
    name: { type: DataTypes.STRING(500), allowNull: false },
    email: { type: DataTypes.STRING(320), allowNull: true },
    email_normalized: { type: DataTypes.STRING(320), allowNull: true },
    phone: { type: DataTypes.STRING(50), allowNull: true },
    phone_e164: { type: DataTypes.STRING(20), allowNull: true },
    owner_id: ref('users', 'SET NULL', DataTypes.UUID),
    company_id: ref('crm_records', 'SET NULL'),
    contact_id: ref('crm_records', 'SET NULL'),
    pipeline_id: ref('crm_pipelines', 'RESTRICT'),
    stage_id: ref('crm_stages', 'RESTRICT'),
    stage_entered_at: { type: DataTypes.DATE, allowNull: true },
    amount: { type: DataTypes.DOUBLE, allowNull: true },
    closing_date: { type: DataTypes.STRING(10), allowNull: true },
    due_at: { type: DataTypes.DATE, allowNull: true },
    number: { type: DataTypes.INTEGER, allowNull: true },
    department_id: ref('crm_departments', 'SET NULL'),
    agent_id: ref('crm_agents', 'SET NULL'),
    priority: { type: DataTypes.STRING(16), allowNull: true },
    classification: { type: DataTypes.STRING(100), allowNull: true },
    status: { type: DataTypes.STRING(32), allowNull: true },
    related_module: { type: DataTypes.STRING(16), allowNull: true },
    related_id: { type: DataTypes.STRING(100), allowNull: true },
    fields: { type: DataTypes.JSON, allowNull: false },
    created_by: ref('users', 'SET NULL', DataTypes.UUID),
    updated_by: ref('users', 'SET NULL', DataTypes.UUID),
    ...timestamps,
  });
  await qi.addIndex('crm_records', ['module', 'email_normalized']);
  await qi.addIndex('crm_records', ['module', 'phone_e164']);
  await qi.addIndex('crm_records', ['module', 'pipeline_id', 'stage_id']);
  await qi.addIndex('crm_records', ['module', 'updated_at']);
  await qi.addIndex('crm_records', ['module', 'number'], { unique: true });
  await qi.addIndex('crm_records', ['related_module', 'related_id']);
  await qi.addIndex('crm_records', ['contact_id']);
  await qi.addIndex('crm_records', ['company_id']);

  await qi.createTable('crm_stage_history', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    record_id: ref('crm_records', 'CASCADE'),
    pipeline_id: { type: DataTypes.STRING(100), allowNull: false },
    from_stage_id: { type: DataTypes.STRING(100), allowNull: true },
    to_stage_id: { type: DataTypes.STRING(100), allowNull: false },
    changed_by: ref('users', 'SET NULL', DataTypes.UUID),
    actor_label: { type: DataTypes.STRING(320), allowNull: false },
    source: { type: DataTypes.STRING(16), allowNull: false },
    run_id: { type: DataTypes.STRING(36), allowNull: true },
    changed_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('crm_stage_history', ['record_id', 'changed_at']);

  // Every change to a record, with who made it: the record's timeline (and "runs that touched it").
  await qi.createTable('crm_record_activity', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    record_id: ref('crm_records', 'CASCADE'),
    action: { type: DataTypes.STRING(16), allowNull: false },
    changed_fields: { type: DataTypes.JSON, allowNull: false },
    user_id: ref('users', 'SET NULL', DataTypes.UUID),
    actor_label: { type: DataTypes.STRING(320), allowNull: false },
    source: { type: DataTypes.STRING(16), allowNull: false },
    run_id: { type: DataTypes.STRING(36), allowNull: true },
    workflow_id: { type: DataTypes.STRING(100), allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('crm_record_activity', ['record_id', 'created_at']);
  await qi.addIndex('crm_record_activity', ['run_id']);

  await qi.createTable('crm_list_members', {
    id,
    list_id: ref('crm_records', 'CASCADE'),
    name: { type: DataTypes.STRING(200), allowNull: false },
    email: { type: DataTypes.STRING(320), allowNull: false },
    email_normalized: { type: DataTypes.STRING(320), allowNull: false },
    phone: { type: DataTypes.STRING(50), allowNull: true },
    phone_e164: { type: DataTypes.STRING(20), allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('crm_list_members', ['list_id', 'email_normalized'], { unique: true });

  await qi.createTable('crm_saved_views', {
    id,
    module: { type: DataTypes.STRING(16), allowNull: false },
    name: { type: DataTypes.STRING(200), allowNull: false },
    filters: { type: DataTypes.JSON, allowNull: false },
    owner_id: ref('users', 'CASCADE', DataTypes.UUID),
    shared: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });
  await qi.addIndex('crm_saved_views', ['module', 'owner_id']);

  await qi.createTable('crm_stage_automations', {
    id,
    pipeline_id: ref('crm_pipelines', 'CASCADE'),
    stage_id: ref('crm_stages', 'CASCADE'),
    workflow_id: ref('workflows', 'CASCADE'),
    // 0 with unit null: run at once when a record enters the stage.
    delay_amount: { type: DataTypes.INTEGER, allowNull: false },
    delay_unit: { type: DataTypes.STRING(8), allowNull: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false },
    created_by: ref('users', 'SET NULL', DataTypes.UUID),
    ...timestamps,
  });
  await qi.addIndex('crm_stage_automations', ['stage_id']);

  // One row per pending "after N" automation: the durable timer. Times are epoch ms, like the queue.
  await qi.createTable('crm_automation_timers', {
    id,
    automation_id: ref('crm_stage_automations', 'CASCADE'),
    record_id: ref('crm_records', 'CASCADE'),
    stage_id: { type: DataTypes.STRING(100), allowNull: false },
    due_at: { type: DataTypes.BIGINT, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    event_depth: { type: DataTypes.INTEGER, allowNull: false },
    run_id: { type: DataTypes.STRING(36), allowNull: true },
    note: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
    updated_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await qi.addIndex('crm_automation_timers', ['status', 'due_at']);
  await qi.addIndex('crm_automation_timers', ['record_id', 'status']);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  for (const table of [
    'crm_automation_timers',
    'crm_stage_automations',
    'crm_saved_views',
    'crm_list_members',
    'crm_record_activity',
    'crm_stage_history',
    'crm_records',
    'crm_stages',
    'crm_pipelines',
    'crm_agents',
    'crm_departments',
    'connections',
  ]) {
    await qi.dropTable(table);
  }
};
