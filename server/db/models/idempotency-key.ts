import { DataTypes } from 'sequelize';
import type { InferAttributes, InferCreationAttributes, Model, ModelStatic, Sequelize } from 'sequelize';
import { epochMs } from './epoch-ms';

/** A key a caller sent (`Idempotency-Key`) or an event key, and the run it started (kept 24 h). */
export interface IdempotencyKeyModel extends Model<
  InferAttributes<IdempotencyKeyModel>,
  InferCreationAttributes<IdempotencyKeyModel>
> {
  scope: string;
  key: string;
  runId: string;
  createdAt: number;
}

/** Defines the idempotency_keys model (primary key: scope + key). */
export function defineIdempotencyKey(sequelize: Sequelize): ModelStatic<IdempotencyKeyModel> {
  return sequelize.define<IdempotencyKeyModel>(
    'IdempotencyKey',
    {
      scope: { type: DataTypes.STRING(200), primaryKey: true },
      key: { type: DataTypes.STRING(300), primaryKey: true },
      runId: { type: DataTypes.STRING(36), allowNull: false },
      createdAt: epochMs('createdAt', false),
    },
    { tableName: 'idempotency_keys', underscored: true, timestamps: false },
  );
}
