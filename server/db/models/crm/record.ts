import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';
import type { RecordModule } from '../../../../runtime/ports/crm';

/**
 * A record of any module (lead, contact, company, deal, ticket, to-do, call, mailing list). The
 * columns are what is matched, filtered or joined on; everything else, custom fields included,
 * is in `fields`.
 */
export interface CrmRecordModel extends Model<
  InferAttributes<CrmRecordModel>,
  InferCreationAttributes<CrmRecordModel>
> {
  id: string;
  module: RecordModule;
  name: string;
  email: CreationOptional<string | null>;
  /** Lower-cased (NFKC) e-mail: the duplicate check and search use it. */
  emailNormalized: CreationOptional<string | null>;
  phone: CreationOptional<string | null>;
  /** The phone as E.164 (+81…): matched whatever way the number was written. */
  phoneE164: CreationOptional<string | null>;
  ownerId: CreationOptional<string | null>;
  companyId: CreationOptional<string | null>;
  contactId: CreationOptional<string | null>;
  pipelineId: CreationOptional<string | null>;
  stageId: CreationOptional<string | null>;
  stageEnteredAt: CreationOptional<Date | null>;
  amount: CreationOptional<number | null>;
  /** `YYYY-MM-DD`. */
  closingDate: CreationOptional<string | null>;
  dueAt: CreationOptional<Date | null>;
  /** Tickets: the human reference shown beside the id. */
  number: CreationOptional<number | null>;
  departmentId: CreationOptional<string | null>;
  agentId: CreationOptional<string | null>;
  priority: CreationOptional<string | null>;
  classification: CreationOptional<string | null>;
  status: CreationOptional<string | null>;
  relatedModule: CreationOptional<string | null>;
  relatedId: CreationOptional<string | null>;
  fields: CreationOptional<Record<string, unknown>>;
  createdBy: CreationOptional<string | null>;
  updatedBy: CreationOptional<string | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

const text = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });

/** Defines the records model. */
export function defineCrmRecord(sequelize: Sequelize): ModelStatic<CrmRecordModel> {
  return sequelize.define<CrmRecordModel>(
    'CrmRecord',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      module: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(500), allowNull: false },
      email: text(320),
      emailNormalized: text(320),
      phone: text(50),
      phoneE164: text(20),
      ownerId: { type: DataTypes.UUID, allowNull: true },
      companyId: text(100),
      contactId: text(100),
      pipelineId: text(100),
      stageId: text(100),
      stageEnteredAt: { type: DataTypes.DATE, allowNull: true },
      amount: { type: DataTypes.DOUBLE, allowNull: true },
      closingDate: text(10),
      dueAt: { type: DataTypes.DATE, allowNull: true },
      number: { type: DataTypes.INTEGER, allowNull: true },
      departmentId: text(100),
      agentId: text(100),
      priority: text(16),
      classification: text(100),
      status: text(32),
      relatedModule: text(16),
      relatedId: text(100),
      fields: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
      createdBy: { type: DataTypes.UUID, allowNull: true },
      updatedBy: { type: DataTypes.UUID, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'crm_records', underscored: true },
  );
}
