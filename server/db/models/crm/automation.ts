import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';
import { epochMs } from '../epoch-ms';

export const DELAY_UNITS = ['minutes', 'hours', 'days'] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];

/** "When a record enters this stage, run workflow X now / after N minutes, hours or days." */
export interface StageAutomationModel extends Model<
  InferAttributes<StageAutomationModel>,
  InferCreationAttributes<StageAutomationModel>
> {
  id: string;
  pipelineId: string;
  stageId: string;
  workflowId: string;
  /** 0 (with unit null): at once. */
  delayAmount: number;
  delayUnit: DelayUnit | null;
  enabled: boolean;
  createdBy: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

export const TIMER_STATUSES = ['pending', 'fired', 'canceled', 'failed'] as const;
export type TimerStatus = (typeof TIMER_STATUSES)[number];

/** The durable timer of one delayed automation for one record's stay in a stage. */
export interface AutomationTimerModel extends Model<
  InferAttributes<AutomationTimerModel>,
  InferCreationAttributes<AutomationTimerModel>
> {
  id: string;
  automationId: string;
  recordId: string;
  stageId: string;
  dueAt: number;
  status: TimerStatus;
  eventDepth: number;
  runId: CreationOptional<string | null>;
  note: CreationOptional<string | null>;
  createdAt: number;
  updatedAt: number;
}

/** Defines the stage automations model. */
export function defineStageAutomation(sequelize: Sequelize): ModelStatic<StageAutomationModel> {
  return sequelize.define<StageAutomationModel>(
    'CrmStageAutomation',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      pipelineId: { type: DataTypes.STRING(100), allowNull: false },
      stageId: { type: DataTypes.STRING(100), allowNull: false },
      workflowId: { type: DataTypes.STRING(100), allowNull: false },
      delayAmount: { type: DataTypes.INTEGER, allowNull: false },
      delayUnit: { type: DataTypes.STRING(8), allowNull: true },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      createdBy: { type: DataTypes.UUID, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'crm_stage_automations', underscored: true },
  );
}

/** Defines the automation timers model (times in epoch ms, set by the caller's clock). */
export function defineAutomationTimer(sequelize: Sequelize): ModelStatic<AutomationTimerModel> {
  return sequelize.define<AutomationTimerModel>(
    'CrmAutomationTimer',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      automationId: { type: DataTypes.STRING(100), allowNull: false },
      recordId: { type: DataTypes.STRING(100), allowNull: false },
      stageId: { type: DataTypes.STRING(100), allowNull: false },
      dueAt: epochMs('dueAt', false),
      status: { type: DataTypes.STRING(16), allowNull: false },
      eventDepth: { type: DataTypes.INTEGER, allowNull: false },
      runId: { type: DataTypes.STRING(36), allowNull: true },
      note: { type: DataTypes.TEXT, allowNull: true },
      createdAt: epochMs('createdAt', false),
      updatedAt: epochMs('updatedAt', false),
    },
    { tableName: 'crm_automation_timers', underscored: true, timestamps: false },
  );
}
