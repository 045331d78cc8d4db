import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

/** Users, sessions, API tokens, workflows and their versions, audit log, mail outbox, settings. */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('users', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
    display_name: { type: DataTypes.STRING(200), allowNull: true },
    password_hash: { type: DataTypes.STRING(512), allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false },
    external_sharing: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    failed_logins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    locked_until: { type: DataTypes.DATE, allowNull: true },
    last_login_at: { type: DataTypes.DATE, allowNull: true },
    locale: { type: DataTypes.STRING(16), allowNull: true },
    ...timestamps,
  });

  const userRef = (onDelete: 'CASCADE' | 'SET NULL') => ({
    type: DataTypes.UUID,
    allowNull: onDelete === 'SET NULL',
    references: { model: 'users', key: 'id' },
    onDelete,
  });

  await qi.createTable('sessions', {
    id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    user_id: userRef('CASCADE'),
    csrf_token: { type: DataTypes.STRING(64), allowNull: false },
    expires_at: { type: DataTypes.DATE, allowNull: false },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    user_agent: { type: DataTypes.STRING(300), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('sessions', ['user_id']);
  await qi.addIndex('sessions', ['expires_at']);

  await qi.createTable('api_tokens', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    user_id: userRef('CASCADE'),
    name: { type: DataTypes.STRING(100), allowNull: false },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    prefix: { type: DataTypes.STRING(16), allowNull: false },
    last_used_at: { type: DataTypes.DATE, allowNull: true },
    expires_at: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('api_tokens', ['user_id']);

  await qi.createTable('workflows', {
    id: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
    name: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
    draft: { type: DataTypes.JSON, allowNull: false },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    active_version: { type: DataTypes.INTEGER, allowNull: true },
    latest_version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    created_by: userRef('SET NULL'),
    updated_by: userRef('SET NULL'),
    ...timestamps,
  });
  await qi.addIndex('workflows', ['name']);
  await qi.addIndex('workflows', ['active']);

  await qi.createTable('workflow_versions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    workflow_id: {
      type: DataTypes.STRING(100),
      allowNull: false,
      references: { model: 'workflows', key: 'id' },
      onDelete: 'CASCADE',
    },
    version: { type: DataTypes.INTEGER, allowNull: false },
    document: { type: DataTypes.JSON, allowNull: false },
    warnings: { type: DataTypes.JSON, allowNull: false },
    published_by: userRef('SET NULL'),
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('workflow_versions', ['workflow_id', 'version'], { unique: true });

  await qi.createTable('audit_log', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    actor_user_id: userRef('SET NULL'),
    actor_label: { type: DataTypes.STRING(320), allowNull: false },
    action: { type: DataTypes.STRING(64), allowNull: false },
    target_type: { type: DataTypes.STRING(32), allowNull: false },
    target_id: { type: DataTypes.STRING(100), allowNull: true },
    details: { type: DataTypes.JSON, allowNull: false },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('audit_log', ['created_at']);
  await qi.addIndex('audit_log', ['target_type', 'target_id']);

  await qi.createTable('outbox_mail', {
    id: { type: DataTypes.UUID, primaryKey: true, allowNull: false },
    idempotency_key: { type: DataTypes.STRING(200), allowNull: true, unique: true },
    status: { type: DataTypes.STRING(16), allowNull: false },
    from: { type: DataTypes.STRING(320), allowNull: false },
    to: { type: DataTypes.JSON, allowNull: false },
    cc: { type: DataTypes.JSON, allowNull: false },
    reply_to: { type: DataTypes.STRING(320), allowNull: true },
    subject: { type: DataTypes.STRING(998), allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    html: { type: DataTypes.TEXT, allowNull: true },
    message_id: { type: DataTypes.STRING(300), allowNull: false },
    error: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('outbox_mail', ['created_at']);

  await qi.createTable('settings', {
    key: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
    value: { type: DataTypes.JSON, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  for (const table of [
    'settings',
    'outbox_mail',
    'audit_log',
    'workflow_versions',
    'workflows',
    'api_tokens',
    'sessions',
    'users',
  ]) {
    await qi.dropTable(table);
  }
};
