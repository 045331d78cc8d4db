import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

export const CONNECTION_STATUSES = ['enabled', 'disabled'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * A connection to an integration: the built-in CRM / help desk / mailing lists, and later SMTP,
 * Slack, kintone, Zoho … `credentials` is sealed with the instance key (server/crypto/secret-box.ts,
 * aad `connection:<id>`); `settings` holds what is not secret.
 */
export interface ConnectionModel extends Model<
  InferAttributes<ConnectionModel>,
  InferCreationAttributes<ConnectionModel>
> {
  id: string;
  type: string;
  name: string;
  status: ConnectionStatus;
  settings: CreationOptional<Record<string, unknown>>;
  credentials: CreationOptional<string | null>;
  lastTestAt: CreationOptional<Date | null>;
  lastTestOk: CreationOptional<boolean | null>;
  lastTestMessage: CreationOptional<string | null>;
  createdBy: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the connections model. */
export function defineConnection(sequelize: Sequelize): ModelStatic<ConnectionModel> {
  return sequelize.define<ConnectionModel>(
    'Connection',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      type: { type: DataTypes.STRING(32), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      settings: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
      credentials: { type: DataTypes.TEXT, allowNull: true },
      lastTestAt: { type: DataTypes.DATE, allowNull: true },
      lastTestOk: { type: DataTypes.BOOLEAN, allowNull: true },
      lastTestMessage: { type: DataTypes.TEXT, allowNull: true },
      createdBy: { type: DataTypes.UUID, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'connections', underscored: true },
  );
}
