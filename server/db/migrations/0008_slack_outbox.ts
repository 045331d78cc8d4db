import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Slack notifications accepted but not yet posted. A row is written before the durable job queue
 * is asked to deliver it, so a restart loses nothing; delivery takes the oldest row of a channel
 * first (per-channel order), and a 429 moves `not_before` instead of dropping the message.
 * Rows go with their workspace when it is deleted.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('slack_outbox', {
    // Time-ordered: the order messages were accepted in.
    id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    connection_id: {
      type: DataTypes.STRING(100),
      allowNull: false,
      references: { model: 'connections', key: 'id' },
      onDelete: 'CASCADE',
    },
    channel: { type: DataTypes.STRING(40), allowNull: false },
    // chat.postMessage arguments (text, blocks, thread_ts) as JSON.
    args: { type: DataTypes.TEXT, allowNull: false },
    // queued | sent | failed | refused
    status: { type: DataTypes.STRING(16), allowNull: false },
    not_before: { type: DataTypes.BIGINT, allowNull: false },
    locked_until: { type: DataTypes.BIGINT, allowNull: true },
    lock_owner: { type: DataTypes.STRING(64), allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    rate_limit_waits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    // { channel, ts } when sent, { error, permanent } otherwise.
    result: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
    settled_at: { type: DataTypes.BIGINT, allowNull: true },
  });
  await qi.addIndex('slack_outbox', ['connection_id', 'channel', 'status', 'id']);
  await qi.addIndex('slack_outbox', ['status', 'settled_at']);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.dropTable('slack_outbox');
};
