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
 * `input` / `output`: a step's large payload; `document`: the workflow document a manual run of a
 * draft used (drafts change; the run must resume on the document it started with); `retry`: the
 * state of a failed run just before its failed step, which a retry starts from.
 */
export type RunPayloadKind = 'input' | 'output' | 'document' | 'retry';

/** A large value kept beside the run instead of inside the runs list. */
export interface RunPayloadModel extends Model<
  InferAttributes<RunPayloadModel>,
  InferCreationAttributes<RunPayloadModel>
> {
  id: CreationOptional<number>;
  runId: string;
  stepIndex: number | null;
  kind: RunPayloadKind;
  /** JSON text. */
  data: string;
}

/** Defines the run_payloads model. */
export function defineRunPayload(sequelize: Sequelize): ModelStatic<RunPayloadModel> {
  return sequelize.define<RunPayloadModel>(
    'RunPayload',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      runId: { type: DataTypes.STRING(36), allowNull: false },
      stepIndex: { type: DataTypes.INTEGER, allowNull: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      data: { type: DataTypes.TEXT, allowNull: false },
    },
    { tableName: 'run_payloads', underscored: true, timestamps: false },
  );
}
