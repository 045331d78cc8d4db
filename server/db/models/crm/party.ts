import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

export const PARTY_STATUSES = ['active', 'disabled'] as const;
export type PartyRowStatus = (typeof PARTY_STATUSES)[number];

/** A help-desk department. Deleting one sets `deletedAt`, so tickets keep their reference. */
export interface DepartmentModel extends Model<
  InferAttributes<DepartmentModel>,
  InferCreationAttributes<DepartmentModel>
> {
  id: string;
  name: string;
  status: PartyRowStatus;
  deletedAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** A help-desk agent (the person a ticket is assigned to), soft-deleted like departments. */
export interface AgentModel extends Model<InferAttributes<AgentModel>, InferCreationAttributes<AgentModel>> {
  id: string;
  name: string;
  email: CreationOptional<string | null>;
  departmentId: CreationOptional<string | null>;
  status: PartyRowStatus;
  deletedAt: CreationOptional<Date | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

const common = {
  id: { type: DataTypes.STRING(100), primaryKey: true },
  name: { type: DataTypes.STRING(200), allowNull: false },
  status: { type: DataTypes.STRING(16), allowNull: false },
  deletedAt: { type: DataTypes.DATE, allowNull: true },
  createdAt: DataTypes.DATE,
  updatedAt: DataTypes.DATE,
};

/** Defines the departments model. */
export function defineDepartment(sequelize: Sequelize): ModelStatic<DepartmentModel> {
  return sequelize.define<DepartmentModel>('CrmDepartment', common, {
    tableName: 'crm_departments',
    underscored: true,
  });
}

/** Defines the agents model. */
export function defineAgent(sequelize: Sequelize): ModelStatic<AgentModel> {
  return sequelize.define<AgentModel>(
    'CrmAgent',
    {
      ...common,
      email: { type: DataTypes.STRING(320), allowNull: true },
      departmentId: { type: DataTypes.STRING(100), allowNull: true },
    },
    { tableName: 'crm_agents', underscored: true },
  );
}
