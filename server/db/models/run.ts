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

/** Where a run row stands. The engine's statuses, plus `queued` (accepted, not started) and `crashed`. */
export const RUN_ROW_STATUSES = [
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'stopped',
  'canceled',
  'crashed',
] as const;
export type RunRowStatus = (typeof RUN_ROW_STATUSES)[number];

/**
 * How a run came to be: a trigger fired, someone pressed Run, a retry of a failed run, or the
 * editor's chat preview of a draft bot (not a live conversation).
 */
export type RunMode = 'trigger' | 'manual' | 'retry' | 'preview';

/**
 * One run of a workflow. `state` is the engine's RunState without its steps and trigger (those
 * live in run_steps and `trigger`), as JSON text; times are epoch milliseconds.
 */
export interface RunModel extends Model<InferAttributes<RunModel>, InferCreationAttributes<RunModel>> {
  id: string;
  workflowId: string;
  version: number | null;
  status: RunRowStatus;
  mode: RunMode;
  triggerKind: string;
  triggerNode: string;
  retryOf: CreationOptional<string | null>;
  startedAt: number;
  finishedAt: CreationOptional<number | null>;
  stepCount: CreationOptional<number>;
  /** JSON of the ErrorRecord (with nodeId) when the run failed or crashed. */
  error: CreationOptional<string | null>;
  cancelRequested: CreationOptional<boolean>;
  createdBy: CreationOptional<string | null>;
  updatedAt: number;
  trigger: string;
  state: string;
}

/** Defines the runs model. */
export function defineRun(sequelize: Sequelize): ModelStatic<RunModel> {
  return sequelize.define<RunModel>(
    'Run',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      workflowId: { type: DataTypes.STRING(100), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      mode: { type: DataTypes.STRING(16), allowNull: false },
      triggerKind: { type: DataTypes.STRING(32), allowNull: false },
      triggerNode: { type: DataTypes.STRING(100), allowNull: false },
      retryOf: { type: DataTypes.STRING(36), allowNull: true },
      startedAt: epochMs('startedAt', false),
      finishedAt: epochMs('finishedAt', true),
      stepCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: { type: DataTypes.TEXT, allowNull: true },
      cancelRequested: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdBy: { type: DataTypes.UUID, allowNull: true },
      updatedAt: epochMs('updatedAt', false),
      trigger: { type: DataTypes.TEXT, allowNull: false },
      state: { type: DataTypes.TEXT, allowNull: false },
    },
    { tableName: 'runs', underscored: true, timestamps: false },
  );
}
