import { DataTypes } from 'sequelize';
import type {
  CreationOptional,
  InferAttributes,
  InferCreationAttributes,
  Model,
  ModelStatic,
  Sequelize,
} from 'sequelize';
import { epochMs } from '../epoch-ms';

export const SHARE_ACCESS_TYPES = ['otp', 'open'] as const;
export type ShareAccess = (typeof SHARE_ACCESS_TYPES)[number];

/** A pipeline's external-sharing switch, field permissions and page customisation. */
export interface ShareSettingsModel extends Model<
  InferAttributes<ShareSettingsModel>,
  InferCreationAttributes<ShareSettingsModel>
> {
  pipelineId: string;
  enabled: boolean;
  fields: string[];
  contactFields: string[];
  stageIds: string[];
  orgName: string | null;
  pageTitle: string | null;
  hideHistory: boolean;
  access: ShareAccess;
  logo: CreationOptional<Buffer | null>;
  logoType: CreationOptional<string | null>;
  updatedAt: number;
}

export type ShareLinkStatus = 'active' | 'revoked';

/** One share of one record; the token itself is never stored, only its SHA-256. */
export interface ShareLinkModel extends Model<
  InferAttributes<ShareLinkModel>,
  InferCreationAttributes<ShareLinkModel>
> {
  id: string;
  tokenHash: string;
  recordId: string;
  pipelineId: string;
  status: ShareLinkStatus;
  sharedBy: string | null;
  sharedByLabel: string;
  createdAt: number;
  revokedAt: CreationOptional<number | null>;
  revokedReason: CreationOptional<string | null>;
  otpHash: CreationOptional<string | null>;
  otpExpiresAt: CreationOptional<number | null>;
  otpSentAt: CreationOptional<number | null>;
  otpFailures: CreationOptional<number>;
  lockedUntil: CreationOptional<number | null>;
}

/** Defines the share settings and share links models (migration 0006). */
export function defineSharingModels(sequelize: Sequelize) {
  const ShareSettings: ModelStatic<ShareSettingsModel> = sequelize.define<ShareSettingsModel>(
    'ShareSettings',
    {
      pipelineId: { type: DataTypes.STRING(100), primaryKey: true },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      fields: { type: DataTypes.JSON, allowNull: false },
      contactFields: { type: DataTypes.JSON, allowNull: false },
      stageIds: { type: DataTypes.JSON, allowNull: false },
      orgName: { type: DataTypes.STRING(200), allowNull: true },
      pageTitle: { type: DataTypes.STRING(200), allowNull: true },
      hideHistory: { type: DataTypes.BOOLEAN, allowNull: false },
      access: { type: DataTypes.STRING(8), allowNull: false },
      logo: { type: DataTypes.BLOB, allowNull: true },
      logoType: { type: DataTypes.STRING(40), allowNull: true },
      updatedAt: epochMs('updatedAt', false),
    },
    { tableName: 'share_settings', underscored: true, timestamps: false },
  );
  const ShareLink: ModelStatic<ShareLinkModel> = sequelize.define<ShareLinkModel>(
    'ShareLink',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false },
      recordId: { type: DataTypes.STRING(100), allowNull: false },
      pipelineId: { type: DataTypes.STRING(100), allowNull: false },
      status: { type: DataTypes.STRING(8), allowNull: false },
      sharedBy: { type: DataTypes.UUID, allowNull: true },
      sharedByLabel: { type: DataTypes.STRING(320), allowNull: false },
      createdAt: epochMs('createdAt', false),
      revokedAt: epochMs('revokedAt', true),
      revokedReason: { type: DataTypes.STRING(20), allowNull: true },
      otpHash: { type: DataTypes.STRING(64), allowNull: true },
      otpExpiresAt: epochMs('otpExpiresAt', true),
      otpSentAt: epochMs('otpSentAt', true),
      otpFailures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lockedUntil: epochMs('lockedUntil', true),
    },
    { tableName: 'share_links', underscored: true, timestamps: false },
  );
  return { ShareSettings, ShareLink };
}
