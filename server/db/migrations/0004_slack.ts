import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

const connectionRef = {
  type: DataTypes.STRING(100),
  allowNull: false,
  references: { model: 'connections', key: 'id' },
  onDelete: 'CASCADE',
};
const userRef = {
  type: DataTypes.UUID,
  allowNull: false,
  references: { model: 'users', key: 'id' },
  onDelete: 'CASCADE',
};
const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

/**
 * Slack: a workspace is a `connections` row of type `slack` (team, language, mapping mode and
 * toggles in `settings`; bot token and signing secret sealed in `credentials`). These tables hang
 * off it and go with it when it is deleted: the department → channel mapping, the links between
 * Slack users and Musubi users, one-time sign-in links, and pending OAuth states.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('slack_channel_mappings', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    connection_id: connectionRef,
    // A department id, or '*' for "all departments" (mode A). Unique per workspace: one
    // department never maps to two channels.
    department_key: { type: DataTypes.STRING(100), allowNull: false },
    channel_id: { type: DataTypes.STRING(40), allowNull: false },
    channel_name: { type: DataTypes.STRING(200), allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('slack_channel_mappings', ['connection_id', 'department_key'], { unique: true });

  await qi.createTable('slack_user_links', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    connection_id: connectionRef,
    slack_user_id: { type: DataTypes.STRING(40), allowNull: false },
    user_id: userRef,
    ...timestamps,
  });
  await qi.addIndex('slack_user_links', ['connection_id', 'slack_user_id'], { unique: true });
  await qi.addIndex('slack_user_links', ['user_id']);

  await qi.createTable('slack_sign_in_links', {
    token_hash: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    connection_id: connectionRef,
    slack_user_id: { type: DataTypes.STRING(40), allowNull: false },
    expires_at: { type: DataTypes.BIGINT, allowNull: false },
    used_at: { type: DataTypes.BIGINT, allowNull: true },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });

  await qi.createTable('slack_oauth_states', {
    state_hash: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    // Set when the flow regenerates the token of an existing workspace.
    connection_id: { ...connectionRef, allowNull: true },
    user_id: userRef,
    // The customer's Slack app (client id / secret, signing secret), sealed until the callback.
    app_credentials: { type: DataTypes.TEXT, allowNull: false },
    expires_at: { type: DataTypes.BIGINT, allowNull: false },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  for (const table of [
    'slack_oauth_states',
    'slack_sign_in_links',
    'slack_user_links',
    'slack_channel_mappings',
  ]) {
    await qi.dropTable(table);
  }
};
