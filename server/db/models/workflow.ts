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
 * A workflow and its editable draft (the whole document as JSON). Published versions live in
 * workflow_versions; `activeVersion` is the one triggers run while `active` is true.
 */
export interface WorkflowModel extends Model<
  InferAttributes<WorkflowModel>,
  InferCreationAttributes<WorkflowModel>
> {
  id: string;
  name: string;
  description: CreationOptional<string>;
  draft: unknown;
  active: CreationOptional<boolean>;
  activeVersion: CreationOptional<number | null>;
  latestVersion: CreationOptional<number>;
  createdBy: CreationOptional<string | null>;
  updatedBy: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the workflows model. */
export function defineWorkflow(sequelize: Sequelize): ModelStatic<WorkflowModel> {
  return sequelize.define<WorkflowModel>(
    'Workflow',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      draft: { type: DataTypes.JSON, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      activeVersion: { type: DataTypes.INTEGER, allowNull: true },
      latestVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdBy: { type: DataTypes.UUID, allowNull: true },
      updatedBy: { type: DataTypes.UUID, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'workflows', underscored: true },
  );
}
