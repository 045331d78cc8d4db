import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Website chat (issue 6). A conversation's id is the id of the bot run that serves it. Messages
 * are numbered by one auto-increment id, which is also the cursor a visitor's widget and the
 * agent inbox poll from. Presence says which agents take forwarded chats. Times are epoch ms.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('chat_conversations', {
    id: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    workflow_id: { type: DataTypes.STRING(100), allowNull: false },
    // SHA-256 of the visitor's conversation token (the widget keeps the token).
    token_hash: { type: DataTypes.STRING(64), allowNull: true },
    // bot: the workflow answers; forwarded: an agent answers; closed: over.
    status: { type: DataTypes.STRING(16), allowNull: false },
    visitor: { type: DataTypes.JSON, allowNull: false },
    language: { type: DataTypes.STRING(8), allowNull: false },
    department_id: { type: DataTypes.STRING(100), allowNull: true },
    agent_id: { type: DataTypes.STRING(100), allowNull: true },
    last_message_id: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
    updated_at: { type: DataTypes.BIGINT, allowNull: false },
    closed_at: { type: DataTypes.BIGINT, allowNull: true },
  });
  await qi.addIndex('chat_conversations', ['status', 'updated_at']);
  await qi.addIndex('chat_conversations', ['agent_id', 'status']);

  await qi.createTable('chat_messages', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    conversation_id: { type: DataTypes.STRING(64), allowNull: false },
    // visitor, bot, agent or system
    sender: { type: DataTypes.STRING(8), allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    choices: { type: DataTypes.JSON, allowNull: true },
    node_id: { type: DataTypes.STRING(100), allowNull: true },
    agent_id: { type: DataTypes.STRING(100), allowNull: true },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await qi.addIndex('chat_messages', ['conversation_id', 'id']);

  await qi.createTable('chat_agent_presence', {
    agent_id: {
      type: DataTypes.STRING(100),
      primaryKey: true,
      allowNull: false,
      references: { model: 'crm_agents', key: 'id' },
      onDelete: 'CASCADE',
    },
    available: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    updated_at: { type: DataTypes.BIGINT, allowNull: false },
  });
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.dropTable('chat_agent_presence');
  await qi.dropTable('chat_messages');
  await qi.dropTable('chat_conversations');
};
