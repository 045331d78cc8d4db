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

export type KintoneSyncStatus = 'idle' | 'running' | 'interrupted' | 'failed';
export type KintoneSyncPhase = 'initial' | 'incremental';

/** Where a paged import stopped: the last (updated time, $id) seen, for keyset paging. */
export interface KintoneCursor {
  updatedAt: string;
  id: string;
}

/** Counts of a sync run; `skipped` by reason. */
export interface KintoneSyncReport {
  created: number;
  updated: number;
  skipped: Record<string, number>;
  /** kintone records read so far in this run (skipped ones included), and the pages they came in. */
  fetched?: number;
  pages?: number;
  /** Whether this run was the first import (else an incremental pull). */
  initial?: boolean;
  startedAt?: string;
  finishedAt?: string;
}

/** A customer sync of one kintone app into the built-in CRM's contacts. */
export interface KintoneSyncModel extends Model<
  InferAttributes<KintoneSyncModel>,
  InferCreationAttributes<KintoneSyncModel>
> {
  id: string;
  connectionId: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  status: KintoneSyncStatus;
  phase: KintoneSyncPhase;
  updatedTimeCode: CreationOptional<string | null>;
  cursor: CreationOptional<KintoneCursor | null>;
  highWaterMark: CreationOptional<string | null>;
  progressDone: CreationOptional<number>;
  progressTotal: CreationOptional<number>;
  report: CreationOptional<KintoneSyncReport>;
  lastError: CreationOptional<string | null>;
  nextRunAt: CreationOptional<number | null>;
  createdAt: CreationOptional<Date>;
  updatedAt: CreationOptional<Date>;
}

/** Which CRM record a kintone record became, and the kintone revision last synced. */
export interface KintoneLinkModel extends Model<
  InferAttributes<KintoneLinkModel>,
  InferCreationAttributes<KintoneLinkModel>
> {
  id: CreationOptional<number>;
  syncId: string;
  kintoneId: string;
  crmRecordId: string;
  kintoneRevision: string;
  kintoneUpdatedAt: string;
  syncedAt: Date;
}

/** Defines the kintone models (migration 0005). */
export function defineKintoneModels(sequelize: Sequelize) {
  const KintoneSync: ModelStatic<KintoneSyncModel> = sequelize.define<KintoneSyncModel>(
    'KintoneSync',
    {
      id: { type: DataTypes.STRING(100), primaryKey: true },
      connectionId: { type: DataTypes.STRING(100), allowNull: false },
      settings: { type: DataTypes.JSON, allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      phase: { type: DataTypes.STRING(16), allowNull: false },
      updatedTimeCode: { type: DataTypes.STRING(200), allowNull: true },
      cursor: { type: DataTypes.JSON, allowNull: true },
      highWaterMark: { type: DataTypes.STRING(40), allowNull: true },
      progressDone: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      progressTotal: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      report: {
        type: DataTypes.JSON,
        allowNull: false,
        defaultValue: { created: 0, updated: 0, skipped: {} },
      },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      nextRunAt: epochMs('nextRunAt', true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { tableName: 'kintone_syncs', underscored: true },
  );
  const KintoneLink: ModelStatic<KintoneLinkModel> = sequelize.define<KintoneLinkModel>(
    'KintoneLink',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      syncId: { type: DataTypes.STRING(100), allowNull: false },
      kintoneId: { type: DataTypes.STRING(20), allowNull: false },
      crmRecordId: { type: DataTypes.STRING(100), allowNull: false },
      kintoneRevision: { type: DataTypes.STRING(20), allowNull: false },
      kintoneUpdatedAt: { type: DataTypes.STRING(40), allowNull: false },
      syncedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'kintone_links', underscored: true, timestamps: false },
  );
  return { KintoneSync, KintoneLink };
}
