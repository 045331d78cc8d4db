import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/** A list view someone saved: a module and its filters (the list endpoint's query), private or shared. */
export interface SavedViewModel extends Model<
  InferAttributes<SavedViewModel>,
  InferCreationAttributes<SavedViewModel>
> {
  id: string;
  module: string;
  name: string;
  filters: Record<string, unknown>;
  ownerId: string;
  shared: CreationOptional<boolean>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the saved views model. */
export function defineSavedView(sequelize: Sequelize): ModelStatic<SavedViewModel> {
  return sequelize.define<SavedViewModel>(
    'CrmSavedView',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      module: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      filters: { type: DataTypes.JSON, allowNull: false },
      ownerId: { type: DataTypes.UUID, allowNull: false },
      shared: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'crm_saved_views', underscored: true },
  );
}
