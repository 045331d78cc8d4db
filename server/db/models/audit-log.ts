import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/**
 * Who did what to which thing. `actorLabel` keeps the e-mail at the time, so the entry still reads
 * after the user is deleted.
 */
export interface AuditLogModel extends Model<
  InferAttributes<AuditLogModel>,
  InferCreationAttributes<AuditLogModel>
> {
  id: CreationOptional<number>;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: CreationOptional<Record<string, unknown>>;
  ip: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
}

/** Defines the audit_log model (append-only: no updatedAt). */
export function defineAuditLog(sequelize: Sequelize): ModelStatic<AuditLogModel> {
  return sequelize.define<AuditLogModel>(
    'AuditLog',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      actorUserId: { type: DataTypes.UUID, allowNull: true },
      actorLabel: { type: DataTypes.STRING(320), allowNull: false },
      action: { type: DataTypes.STRING(64), allowNull: false },
      targetType: { type: DataTypes.STRING(32), allowNull: false },
      targetId: { type: DataTypes.STRING(100), allowNull: true },
      details: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'audit_log', underscored: true, updatedAt: false },
  );
}
