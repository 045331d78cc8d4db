import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/** One workspace setting (time zone, retention, …) as a JSON value under a key. */
export interface SettingModel extends Model<
  InferAttributes<SettingModel>,
  InferCreationAttributes<SettingModel>
> {
  key: string;
  value: unknown;
  updatedAt: CreationOptional<Date>;
}

/** Defines the settings model. */
export function defineSetting(sequelize: Sequelize): ModelStatic<SettingModel> {
  return sequelize.define<SettingModel>(
    'Setting',
    {
      key: { type: DataTypes.STRING(100), primaryKey: true },
      value: { type: DataTypes.JSON, allowNull: false },
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'settings', underscored: true, createdAt: false },
  );
}
