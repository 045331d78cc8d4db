import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_STATUSES = [
  'received',
  'logged',
  'no_match',
  'multiple_matches',
  'skipped_internal',
  'skipped_missed',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** A candidate record for a number that matched several. */
export interface CallCandidate {
  module: string;
  id: string;
  name: string;
}

/** One call event (a repeat of the same call id updates the row, never adds one). */
export interface TelephonyCallModel extends Model<
  InferAttributes<TelephonyCallModel>,
  InferCreationAttributes<TelephonyCallModel>
> {
  id: string;
  connectionId: string;
  callId: string;
  direction: CallDirection;
  fromNumber: string;
  toNumber: string;
  otherE164: string | null;
  startedAt: Date;
  answered: boolean;
  durationSec: number;
  userRef: string | null;
  recordingUrls: string[];
  voicemailUrl: string | null;
  status: CallStatus;
  candidates: CallCandidate[];
  contactModule: CreationOptional<string | null>;
  contactId: CreationOptional<string | null>;
  taskId: CreationOptional<string | null>;
  eventCount: number;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** The record a user picked for a number that matched several: used for the next calls. */
export interface PhoneChoiceModel extends Model<
  InferAttributes<PhoneChoiceModel>,
  InferCreationAttributes<PhoneChoiceModel>
> {
  phoneE164: string;
  recordModule: string;
  recordId: string;
  chosenBy: string | null;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

const text = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });

/** Defines the telephony models (migration 0005). */
export function defineTelephonyModels(sequelize: Sequelize) {
  const TelephonyCall: ModelStatic<TelephonyCallModel> = sequelize.define<TelephonyCallModel>(
    'TelephonyCall',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      connectionId: text(100, false),
      callId: text(200, false),
      direction: text(16, false),
      fromNumber: text(50, false),
      toNumber: text(50, false),
      otherE164: text(20),
      startedAt: { type: DataTypes.DATE, allowNull: false },
      answered: { type: DataTypes.BOOLEAN, allowNull: false },
      durationSec: { type: DataTypes.INTEGER, allowNull: false },
      userRef: text(320),
      recordingUrls: { type: DataTypes.JSON, allowNull: false },
      voicemailUrl: text(2000),
      status: text(20, false),
      candidates: { type: DataTypes.JSON, allowNull: false },
      contactModule: text(16),
      contactId: text(100),
      taskId: text(100),
      eventCount: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'telephony_calls', underscored: true },
  );
  const PhoneChoice: ModelStatic<PhoneChoiceModel> = sequelize.define<PhoneChoiceModel>(
    'PhoneChoice',
    {
      phoneE164: { type: DataTypes.STRING(20), primaryKey: true },
      recordModule: text(16, false),
      recordId: text(100, false),
      chosenBy: text(100),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'telephony_phone_choices', underscored: true },
  );
  return { TelephonyCall, PhoneChoice };
}
