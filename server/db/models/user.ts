import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A person who signs in. E-mail is stored lower-cased; the password as an scrypt hash string. */
export interface UserModel extends Model<InferAttributes<UserModel>, InferCreationAttributes<UserModel>> {
  id: CreationOptional<string>;
  email: string;
  displayName: CreationOptional<string | null>;
  passwordHash: string;
  role: Role;
  externalSharing: CreationOptional<boolean>;
  disabled: CreationOptional<boolean>;
  failedLogins: CreationOptional<number>;
  lockedUntil: CreationOptional<Date | null>;
  lastLoginAt: CreationOptional<Date | null>;
  locale: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the users model. */
export function defineUser(sequelize: Sequelize): ModelStatic<UserModel> {
  return sequelize.define<UserModel>(
    'User',
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      email: { type: DataTypes.STRING(320), allowNull: false, unique: true },
      displayName: { type: DataTypes.STRING(200), allowNull: true },
      passwordHash: { type: DataTypes.STRING(512), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      externalSharing: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      failedLogins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lockedUntil: { type: DataTypes.DATE, allowNull: true },
      lastLoginAt: { type: DataTypes.DATE, allowNull: true },
      locale: { type: DataTypes.STRING(16), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'users', underscored: true },
  );
}
