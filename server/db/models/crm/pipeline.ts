import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'picklist', 'email', 'phone', 'url'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A field a pipeline adds to its records; values live in the record's `fields` JSON under `key`. */
export interface CustomFieldDefinition {
  key: string;
  label: { ja: string; en: string };
  type: CustomFieldType;
  required?: boolean;
  /** The choices of a pick list. */
  options?: string[];
}

export const STAGE_OUTCOMES = ['open', 'won', 'lost', 'closed'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

/** A pipeline of deals or tickets; its stages are ordered by `position`. */
export interface PipelineModel extends Model<
  InferAttributes<PipelineModel>,
  InferCreationAttributes<PipelineModel>
> {
  id: string;
  module: 'deals' | 'tickets';
  name: string;
  position: number;
  customFields: CreationOptional<CustomFieldDefinition[]>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** A stage of a pipeline (a ticket's status). */
export interface StageModel extends Model<InferAttributes<StageModel>, InferCreationAttributes<StageModel>> {
  id: string;
  pipelineId: string;
  name: string;
  position: number;
  outcome: StageOutcome;
  color: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the pipelines model. */
export function definePipeline(sequelize: Sequelize): ModelStatic<PipelineModel> {
  return sequelize.define<PipelineModel>(
    'CrmPipeline',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      module: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      customFields: { type: DataTypes.JSON, allowNull: false, defaultValue: [] },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'crm_pipelines', underscored: true },
  );
}

/** Defines the stages model. */
export function defineStage(sequelize: Sequelize): ModelStatic<StageModel> {
  return sequelize.define<StageModel>(
    'CrmStage',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      pipelineId: { type: DataTypes.STRING(100), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      outcome: { type: DataTypes.STRING(8), allowNull: false },
      color: { type: DataTypes.STRING(16), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'crm_stages', underscored: true },
  );
}
