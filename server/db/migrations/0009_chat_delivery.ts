import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Chat delivery (issue 6). `delivered_id`: the last visitor message handed to the bot run; a
 * visitor message with a larger id is queued until the run next waits for a message. `step_key`:
 * `run:step:index` of a bot message, unique, so a step executed again after a crash does not say
 * the same thing twice.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.addColumn('chat_conversations', 'delivered_id', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
  // Conversations from before: everything they hold was already delivered (or never will be).
  await qi.sequelize.query('UPDATE chat_conversations SET delivered_id = last_message_id');
  await qi.addColumn('chat_messages', 'step_key', { type: DataTypes.STRING(200), allowNull: true });
  await qi.addIndex('chat_messages', ['step_key'], { unique: true, name: 'chat_messages_step_key' });
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.removeIndex('chat_messages', 'chat_messages_step_key');
  await qi.removeColumn('chat_messages', 'step_key');
  await qi.removeColumn('chat_conversations', 'delivered_id');
};
