import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';
import { epochMs } from '../epoch-ms';

export const CONVERSATION_STATUSES = ['bot', 'forwarded', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const CHAT_SENDERS = ['visitor', 'bot', 'agent', 'system'] as const;
export type ChatSender = (typeof CHAT_SENDERS)[number];

/** What the widget knows about the visitor; every field may be missing. */
export interface VisitorInfo {
  name?: string;
  email?: string;
  phone?: string;
  pageUrl?: string;
  language?: string;
}

/** A website chat: the bot run that serves it (same id), and who answers now. */
export interface ChatConversationModel extends Model<
  InferAttributes<ChatConversationModel>,
  InferCreationAttributes<ChatConversationModel>
> {
  id: string;
  workflowId: string;
  tokenHash: CreationOptional<string | null>;
  status: ConversationStatus;
  visitor: VisitorInfo;
  language: 'ja' | 'en';
  departmentId: CreationOptional<string | null>;
  agentId: CreationOptional<string | null>;
  lastMessageId: CreationOptional<number>;
  createdAt: number;
  updatedAt: number;
  closedAt: CreationOptional<number | null>;
}

/** One line of a transcript, with who said it. */
export interface ChatMessageModel extends Model<
  InferAttributes<ChatMessageModel>,
  InferCreationAttributes<ChatMessageModel>
> {
  id: CreationOptional<number>;
  conversationId: string;
  sender: ChatSender;
  text: string;
  choices: CreationOptional<string[] | null>;
  nodeId: CreationOptional<string | null>;
  agentId: CreationOptional<string | null>;
  /** `run:step:…` of the bot step that said it (unique): said once however often the step runs. */
  stepKey: CreationOptional<string | null>;
  createdAt: number;
}

/** Whether an agent takes forwarded chats now. */
export interface ChatAgentPresenceModel extends Model<
  InferAttributes<ChatAgentPresenceModel>,
  InferCreationAttributes<ChatAgentPresenceModel>
> {
  agentId: string;
  available: boolean;
  updatedAt: number;
}

const options = { underscored: true, timestamps: false } as const;

/** The chat models (migration 0007). */
export function defineChatModels(sequelize: Sequelize) {
  const ChatConversation: ModelStatic<ChatConversationModel> = sequelize.define<ChatConversationModel>(
    'ChatConversation',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      workflowId: { type: DataTypes.STRING(100), allowNull: false },
      tokenHash: { type: DataTypes.STRING(64), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      visitor: { type: DataTypes.JSON, allowNull: false },
      language: { type: DataTypes.STRING(8), allowNull: false },
      departmentId: { type: DataTypes.STRING(100), allowNull: true },
      agentId: { type: DataTypes.STRING(100), allowNull: true },
      lastMessageId: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: { ...epochMs('createdAt', false), allowNull: false },
      updatedAt: { ...epochMs('updatedAt', false), allowNull: false },
      closedAt: epochMs('closedAt', true),
    },
    { ...options, tableName: 'chat_conversations' },
  );
  const ChatMessage: ModelStatic<ChatMessageModel> = sequelize.define<ChatMessageModel>(
    'ChatMessage',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      conversationId: { type: DataTypes.STRING(64), allowNull: false },
      sender: { type: DataTypes.STRING(8), allowNull: false },
      text: { type: DataTypes.TEXT, allowNull: false },
      choices: { type: DataTypes.JSON, allowNull: true },
      nodeId: { type: DataTypes.STRING(100), allowNull: true },
      agentId: { type: DataTypes.STRING(100), allowNull: true },
      stepKey: { type: DataTypes.STRING(200), allowNull: true },
      createdAt: { ...epochMs('createdAt', false), allowNull: false },
    },
    { ...options, tableName: 'chat_messages' },
  );
  const ChatAgentPresence: ModelStatic<ChatAgentPresenceModel> = sequelize.define<ChatAgentPresenceModel>(
    'ChatAgentPresence',
    {
      agentId: { type: DataTypes.STRING(100), primaryKey: true },
      available: { type: DataTypes.BOOLEAN, allowNull: false },
      updatedAt: { ...epochMs('updatedAt', false), allowNull: false },
    },
    { ...options, tableName: 'chat_agent_presence' },
  );
  return { ChatConversation, ChatMessage, ChatAgentPresence };
}
