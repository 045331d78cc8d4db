import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';
import { epochMs } from './epoch-ms';

/**
 * A waiting run: what it waits for and when it is due (`until` waits, or the timeout of a message /
 * callback wait). One per run.
 */
export interface WaitpointModel extends Model<
  InferAttributes<WaitpointModel>,
  InferCreationAttributes<WaitpointModel>
> {
  id: string;
  runId: string;
  nodeId: string;
  stepIndex: number;
  kind: 'message' | 'until' | 'callback';
  dueAt: CreationOptional<number | null>;
  conversationKey: CreationOptional<string | null>;
  callbackKey: CreationOptional<string | null>;
  createdAt: number;
}

/** Defines the waitpoints model. */
export function defineWaitpoint(sequelize: Sequelize): ModelStatic<WaitpointModel> {
  return sequelize.define<WaitpointModel>(
    'Waitpoint',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      runId: { type: DataTypes.STRING(36), allowNull: false, unique: true },
      nodeId: { type: DataTypes.STRING(100), allowNull: false },
      stepIndex: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      dueAt: epochMs('dueAt', true),
      conversationKey: { type: DataTypes.STRING(200), allowNull: true },
      callbackKey: { type: DataTypes.STRING(100), allowNull: true, unique: true },
      createdAt: epochMs('createdAt', false),
    },
    { tableName: 'waitpoints', underscored: true, timestamps: false },
  );
}
