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

/** queued → leased (a worker holds it until `lockedUntil`) → done / failed. */
export const JOB_STATUSES = ['queued', 'leased', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A unit of durable work: start or resume a run, or a job a node queued through the QueuePort. */
export interface JobModel extends Model<InferAttributes<JobModel>, InferCreationAttributes<JobModel>> {
  id: string;
  kind: string;
  runId: CreationOptional<string | null>;
  workflowId: CreationOptional<string | null>;
  /** JSON text. */
  payload: string;
  status: JobStatus;
  runAt: number;
  lockedUntil: CreationOptional<number | null>;
  leaseOwner: CreationOptional<string | null>;
  attempts: CreationOptional<number>;
  /** How many times a lease on this job ran out (its worker died or hung). */
  expiries: CreationOptional<number>;
  singletonKey: CreationOptional<string | null>;
  lastError: CreationOptional<string | null>;
  createdAt: number;
  updatedAt: number;
}

/** Defines the jobs model. */
export function defineJob(sequelize: Sequelize): ModelStatic<JobModel> {
  return sequelize.define<JobModel>(
    'Job',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      kind: { type: DataTypes.STRING(64), allowNull: false },
      runId: { type: DataTypes.STRING(36), allowNull: true },
      workflowId: { type: DataTypes.STRING(100), allowNull: true },
      payload: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      runAt: epochMs('runAt', false),
      lockedUntil: epochMs('lockedUntil', true),
      leaseOwner: { type: DataTypes.STRING(200), allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expiries: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      singletonKey: { type: DataTypes.STRING(300), allowNull: true, unique: true },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      createdAt: epochMs('createdAt', false),
      updatedAt: epochMs('updatedAt', false),
    },
    { tableName: 'jobs', underscored: true, timestamps: false },
  );
}
