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

/** Which channel a department's ticket events go to; `departmentKey` '*' means every department. */
export interface SlackChannelMappingModel extends Model<
  InferAttributes<SlackChannelMappingModel>,
  InferCreationAttributes<SlackChannelMappingModel>
> {
  id: string;
  connectionId: string;
  departmentKey: string;
  channelId: string;
  channelName: string;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** A Slack user who signed in once: commands from them act as this Musubi user. */
export interface SlackUserLinkModel extends Model<
  InferAttributes<SlackUserLinkModel>,
  InferCreationAttributes<SlackUserLinkModel>
> {
  id: string;
  connectionId: string;
  slackUserId: string;
  userId: string;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** A one-time sign-in link handed to an unlinked Slack user (only the hash is kept). */
export interface SlackSignInLinkModel extends Model<
  InferAttributes<SlackSignInLinkModel>,
  InferCreationAttributes<SlackSignInLinkModel>
> {
  tokenHash: string;
  connectionId: string;
  slackUserId: string;
  expiresAt: number;
  usedAt: CreationOptional<number | null>;
  createdAt: number;
}

/** An OAuth flow under way: the `state` parameter's hash and the Slack app it is for. */
export interface SlackOAuthStateModel extends Model<
  InferAttributes<SlackOAuthStateModel>,
  InferCreationAttributes<SlackOAuthStateModel>
> {
  stateHash: string;
  connectionId: CreationOptional<string | null>;
  userId: string;
  appCredentials: string;
  expiresAt: number;
  createdAt: number;
}

/** A Slack message accepted for delivery (migration 0008); see server/slack/outbox.ts. */
export interface SlackOutboxMessageModel extends Model<
  InferAttributes<SlackOutboxMessageModel>,
  InferCreationAttributes<SlackOutboxMessageModel>
> {
  id: string;
  connectionId: string;
  channel: string;
  args: string;
  status: 'queued' | 'sent' | 'failed' | 'refused';
  notBefore: number;
  lockedUntil: CreationOptional<number | null>;
  lockOwner: CreationOptional<string | null>;
  attempts: CreationOptional<number>;
  rateLimitWaits: CreationOptional<number>;
  result: CreationOptional<string | null>;
  createdAt: number;
  settledAt: CreationOptional<number | null>;
}

/** The Slack models (migrations 0004 and 0008). */
export function defineSlackModels(sequelize: Sequelize) {
  const SlackChannelMapping: ModelStatic<SlackChannelMappingModel> =
    sequelize.define<SlackChannelMappingModel>(
      'SlackChannelMapping',
      {
        id: { type: DataTypes.STRING(36), primaryKey: true },
        connectionId: { type: DataTypes.STRING(100), allowNull: false },
        departmentKey: { type: DataTypes.STRING(100), allowNull: false },
        channelId: { type: DataTypes.STRING(40), allowNull: false },
        channelName: { type: DataTypes.STRING(200), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { tableName: 'slack_channel_mappings', underscored: true },
    );
  const SlackUserLink: ModelStatic<SlackUserLinkModel> = sequelize.define<SlackUserLinkModel>(
    'SlackUserLink',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      connectionId: { type: DataTypes.STRING(100), allowNull: false },
      slackUserId: { type: DataTypes.STRING(40), allowNull: false },
      userId: { type: DataTypes.UUID, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'slack_user_links', underscored: true },
  );
  const SlackSignInLink: ModelStatic<SlackSignInLinkModel> = sequelize.define<SlackSignInLinkModel>(
    'SlackSignInLink',
    {
      tokenHash: { type: DataTypes.STRING(64), primaryKey: true },
      connectionId: { type: DataTypes.STRING(100), allowNull: false },
      slackUserId: { type: DataTypes.STRING(40), allowNull: false },
      expiresAt: epochMs('expiresAt', false),
      usedAt: epochMs('usedAt', true),
      createdAt: epochMs('createdAt', false),
    },
    { tableName: 'slack_sign_in_links', underscored: true, timestamps: false },
  );
  const SlackOAuthState: ModelStatic<SlackOAuthStateModel> = sequelize.define<SlackOAuthStateModel>(
    'SlackOAuthState',
    {
      stateHash: { type: DataTypes.STRING(64), primaryKey: true },
      connectionId: { type: DataTypes.STRING(100), allowNull: true },
      userId: { type: DataTypes.UUID, allowNull: false },
      appCredentials: { type: DataTypes.TEXT, allowNull: false },
      expiresAt: epochMs('expiresAt', false),
      createdAt: epochMs('createdAt', false),
    },
    { tableName: 'slack_oauth_states', underscored: true, timestamps: false },
  );
  const SlackOutboxMessage: ModelStatic<SlackOutboxMessageModel> = sequelize.define<SlackOutboxMessageModel>(
    'SlackOutboxMessage',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      connectionId: { type: DataTypes.STRING(100), allowNull: false },
      channel: { type: DataTypes.STRING(40), allowNull: false },
      args: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      notBefore: epochMs('notBefore', false),
      lockedUntil: epochMs('lockedUntil', true),
      lockOwner: { type: DataTypes.STRING(64), allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      rateLimitWaits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      result: { type: DataTypes.TEXT, allowNull: true },
      createdAt: epochMs('createdAt', false),
      settledAt: epochMs('settledAt', true),
    },
    { tableName: 'slack_outbox', underscored: true, timestamps: false },
  );
  return { SlackChannelMapping, SlackUserLink, SlackSignInLink, SlackOAuthState, SlackOutboxMessage };
}
