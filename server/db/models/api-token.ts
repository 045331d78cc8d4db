import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/** A script's credential. Only the SHA-256 of the token is kept; `prefix` helps a person tell them apart. */
export interface ApiTokenModel extends Model<
  InferAttributes<ApiTokenModel>,
  InferCreationAttributes<ApiTokenModel>
> {
  id: CreationOptional<string>;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  lastUsedAt: CreationOptional<Date | null>;
  expiresAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the api_tokens model. */
export function defineApiToken(sequelize: Sequelize): ModelStatic<ApiTokenModel> {
  return sequelize.define<ApiTokenModel>(
    'ApiToken',
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      userId: { type: DataTypes.UUID, allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      prefix: { type: DataTypes.STRING(16), allowNull: false },
      lastUsedAt: { type: DataTypes.DATE, allowNull: true },
      expiresAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'api_tokens', underscored: true },
  );
}
