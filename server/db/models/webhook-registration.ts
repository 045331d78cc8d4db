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

/** A webhook path + method an active workflow answers (unique across workflows). */
export interface WebhookRegistrationModel extends Model<
  InferAttributes<WebhookRegistrationModel>,
  InferCreationAttributes<WebhookRegistrationModel>
> {
  id: CreationOptional<number>;
  path: string;
  method: string;
  workflowId: string;
  version: number;
  nodeId: string;
  createdAt: number;
}

/** Defines the webhook_registrations model. */
export function defineWebhookRegistration(sequelize: Sequelize): ModelStatic<WebhookRegistrationModel> {
  return sequelize.define<WebhookRegistrationModel>(
    'WebhookRegistration',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      path: { type: DataTypes.STRING(300), allowNull: false },
      method: { type: DataTypes.STRING(10), allowNull: false },
      workflowId: { type: DataTypes.STRING(100), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      nodeId: { type: DataTypes.STRING(100), allowNull: false },
      createdAt: epochMs('createdAt', false),
    },
    { tableName: 'webhook_registrations', underscored: true, timestamps: false },
  );
}
