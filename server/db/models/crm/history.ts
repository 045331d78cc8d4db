import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/** Where a change came from: the REST API, the records screens, a workflow, a stage automation … */
export type ChangeSource = 'api' | 'ui' | 'workflow' | 'automation' | 'sample';

/** One stage move of a record: from, to, who, when. `fromStageId` is null when created in a stage. */
export interface StageHistoryModel extends Model<
  InferAttributes<StageHistoryModel>,
  InferCreationAttributes<StageHistoryModel>
> {
  id: CreationOptional<number>;
  recordId: string;
  pipelineId: string;
  fromStageId: string | null;
  toStageId: string;
  changedBy: string | null;
  actorLabel: string;
  source: ChangeSource;
  runId: CreationOptional<string | null>;
  changedAt: Date;
}

/** Defines the stage history model. */
export function defineStageHistory(sequelize: Sequelize): ModelStatic<StageHistoryModel> {
  return sequelize.define<StageHistoryModel>(
    'CrmStageHistory',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      recordId: { type: DataTypes.STRING(100), allowNull: false },
      pipelineId: { type: DataTypes.STRING(100), allowNull: false },
      fromStageId: { type: DataTypes.STRING(100), allowNull: true },
      toStageId: { type: DataTypes.STRING(100), allowNull: false },
      changedBy: { type: DataTypes.UUID, allowNull: true },
      actorLabel: { type: DataTypes.STRING(320), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      runId: { type: DataTypes.STRING(36), allowNull: true },
      changedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'crm_stage_history', underscored: true, timestamps: false },
  );
}

/** One change to a record (created, updated, stage, deleted) and who made it: the timeline. */
export interface RecordActivityModel extends Model<
  InferAttributes<RecordActivityModel>,
  InferCreationAttributes<RecordActivityModel>
> {
  id: CreationOptional<number>;
  recordId: string;
  action: 'created' | 'updated' | 'stage';
  changedFields: string[];
  userId: string | null;
  actorLabel: string;
  source: ChangeSource;
  runId: string | null;
  workflowId: string | null;
  createdAt: Date;
}

/** Defines the record activity model. */
export function defineRecordActivity(sequelize: Sequelize): ModelStatic<RecordActivityModel> {
  return sequelize.define<RecordActivityModel>(
    'CrmRecordActivity',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      recordId: { type: DataTypes.STRING(100), allowNull: false },
      action: { type: DataTypes.STRING(16), allowNull: false },
      changedFields: { type: DataTypes.JSON, allowNull: false },
      userId: { type: DataTypes.UUID, allowNull: true },
      actorLabel: { type: DataTypes.STRING(320), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
      runId: { type: DataTypes.STRING(36), allowNull: true },
      workflowId: { type: DataTypes.STRING(100), allowNull: true },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'crm_record_activity', underscored: true, timestamps: false },
  );
}
