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
 * One node execution of a run, as the history shows it. `input` / `output` are JSON text; when
 * `payloadExternal` is true they are too large for the row and live in run_payloads.
 */
export interface RunStepModel extends Model<
  InferAttributes<RunStepModel>,
  InferCreationAttributes<RunStepModel>
> {
  runId: string;
  stepIndex: number;
  nodeId: string;
  nodeType: string;
  label: string;
  status: string;
  branch: CreationOptional<string | null>;
  attempt: number;
  startedAt: number;
  durationMs: number;
  error: CreationOptional<string | null>;
  payloadExternal: CreationOptional<boolean>;
  input: CreationOptional<string | null>;
  output: CreationOptional<string | null>;
}

/** Defines the run_steps model (primary key: run id + step index). */
export function defineRunStep(sequelize: Sequelize): ModelStatic<RunStepModel> {
  return sequelize.define<RunStepModel>(
    'RunStep',
    {
      runId: { type: DataTypes.STRING(36), primaryKey: true },
      stepIndex: { type: DataTypes.INTEGER, primaryKey: true },
      nodeId: { type: DataTypes.STRING(100), allowNull: false },
      nodeType: { type: DataTypes.STRING(100), allowNull: false },
      label: { type: DataTypes.STRING(200), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      branch: { type: DataTypes.STRING(100), allowNull: true },
      attempt: { type: DataTypes.INTEGER, allowNull: false },
      startedAt: epochMs('startedAt', false),
      durationMs: { type: DataTypes.INTEGER, allowNull: false },
      error: { type: DataTypes.TEXT, allowNull: true },
      payloadExternal: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      input: { type: DataTypes.TEXT, allowNull: true },
      output: { type: DataTypes.TEXT, allowNull: true },
    },
    { tableName: 'run_steps', underscored: true, timestamps: false },
  );
}
