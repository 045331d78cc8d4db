import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

/** A member of a mailing list; one per (list, lower-cased e-mail). */
export interface ListMemberModel extends Model<
  InferAttributes<ListMemberModel>,
  InferCreationAttributes<ListMemberModel>
> {
  id: string;
  listId: string;
  name: string;
  email: string;
  emailNormalized: string;
  phone: CreationOptional<string | null>;
  phoneE164: CreationOptional<string | null>;
  status: 'subscribed' | 'unsubscribed';
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Defines the mailing-list members model. */
export function defineListMember(sequelize: Sequelize): ModelStatic<ListMemberModel> {
  return sequelize.define<ListMemberModel>(
    'CrmListMember',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      listId: { type: DataTypes.STRING(100), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      email: { type: DataTypes.STRING(320), allowNull: false },
      emailNormalized: { type: DataTypes.STRING(320), allowNull: false },
      phone: { type: DataTypes.STRING(50), allowNull: true },
      phoneE164: { type: DataTypes.STRING(20), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'crm_list_members', underscored: true },
  );
}
