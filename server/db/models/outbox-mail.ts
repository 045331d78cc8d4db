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
 * `outbox`: kept here because no SMTP server is configured. `sending` / `sent` / `failed`: the
 * record of a real send, so a retried send with the same idempotency key is not delivered twice.
 */
export const OUTBOX_STATUSES = ['outbox', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A mail the instance sent or kept. */
export interface OutboxMailModel extends Model<
  InferAttributes<OutboxMailModel>,
  InferCreationAttributes<OutboxMailModel>
> {
  id: CreationOptional<string>;
  idempotencyKey: string | null;
  status: OutboxStatus;
  from: string;
  to: string[];
  cc: CreationOptional<string[]>;
  replyTo: CreationOptional<string | null>;
  subject: string;
  text: string;
  html: CreationOptional<string | null>;
  messageId: string;
  error: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the outbox_mail model. */
export function defineOutboxMail(sequelize: Sequelize): ModelStatic<OutboxMailModel> {
  return sequelize.define<OutboxMailModel>(
    'OutboxMail',
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      idempotencyKey: { type: DataTypes.STRING(200), allowNull: true, unique: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      from: { type: DataTypes.STRING(320), allowNull: false },
      to: { type: DataTypes.JSON, allowNull: false },
      cc: { type: DataTypes.JSON, allowNull: false, defaultValue: [] },
      replyTo: { type: DataTypes.STRING(320), allowNull: true },
      subject: { type: DataTypes.STRING(998), allowNull: false },
      text: { type: DataTypes.TEXT, allowNull: false },
      html: { type: DataTypes.TEXT, allowNull: true },
      messageId: { type: DataTypes.STRING(300), allowNull: false },
      error: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'outbox_mail', underscored: true },
  );
}
