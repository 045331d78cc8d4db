import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/** An immutable published version of a workflow, numbered 1, 2, 3… per workflow. */
export interface WorkflowVersionModel extends Model<
  InferAttributes<WorkflowVersionModel>,
  InferCreationAttributes<WorkflowVersionModel>
> {
  id: CreationOptional<number>;
  workflowId: string;
  version: number;
  document: unknown;
  /** Validation warnings at publish time (unreachable nodes …), kept for the version list. */
  warnings: CreationOptional<unknown[]>;
  publishedBy: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
}

/** Defines the workflow_versions model (no updatedAt: a version never changes). */
export function defineWorkflowVersion(sequelize: Sequelize): ModelStatic<WorkflowVersionModel> {
  return sequelize.define<WorkflowVersionModel>(
    'WorkflowVersion',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      workflowId: { type: DataTypes.STRING(100), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      document: { type: DataTypes.JSON, allowNull: false },
      warnings: { type: DataTypes.JSON, allowNull: false, defaultValue: [] },
      publishedBy: { type: DataTypes.UUID, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { tableName: 'workflow_versions', underscored: true, updatedAt: false },
  );
}
