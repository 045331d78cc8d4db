import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

const pipelineRef = {
  type: DataTypes.STRING(100),
  allowNull: false,
  references: { model: 'crm_pipelines', key: 'id' },
  onDelete: 'CASCADE',
};

/**
 * External sharing (seed 000): one settings row per pipeline (switch, field permissions,
 * customisation, logo) and the share links. A link keeps only the SHA-256 of its token; its OTP
 * state (hashed code, expiry, wrong tries, lock) lives on the same row because one link has one
 * customer. Times are epoch milliseconds.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('share_settings', {
    pipeline_id: { ...pipelineRef, primaryKey: true },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    // Field keys the customer may see: `name`, `stageId`, `contactId`, `custom.<key>` …
    fields: { type: DataTypes.JSON, allowNull: false },
    contact_fields: { type: DataTypes.JSON, allowNull: false },
    stage_ids: { type: DataTypes.JSON, allowNull: false },
    org_name: { type: DataTypes.STRING(200), allowNull: true },
    page_title: { type: DataTypes.STRING(200), allowNull: true },
    hide_history: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    access: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'otp' },
    logo: { type: DataTypes.BLOB, allowNull: true },
    logo_type: { type: DataTypes.STRING(40), allowNull: true },
    updated_at: { type: DataTypes.BIGINT, allowNull: false },
  });

  await qi.createTable('share_links', {
    id: { type: DataTypes.STRING(36), primaryKey: true, allowNull: false },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    record_id: {
      type: DataTypes.STRING(100),
      allowNull: false,
      references: { model: 'crm_records', key: 'id' },
      onDelete: 'CASCADE',
    },
    pipeline_id: pipelineRef,
    // `active`, or `revoked` (unshared, or sharing switched off for the pipeline).
    status: { type: DataTypes.STRING(8), allowNull: false },
    shared_by: { type: DataTypes.UUID, allowNull: true },
    shared_by_label: { type: DataTypes.STRING(320), allowNull: false },
    created_at: { type: DataTypes.BIGINT, allowNull: false },
    revoked_at: { type: DataTypes.BIGINT, allowNull: true },
    revoked_reason: { type: DataTypes.STRING(20), allowNull: true },
    otp_hash: { type: DataTypes.STRING(64), allowNull: true },
    otp_expires_at: { type: DataTypes.BIGINT, allowNull: true },
    otp_sent_at: { type: DataTypes.BIGINT, allowNull: true },
    otp_failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    locked_until: { type: DataTypes.BIGINT, allowNull: true },
  });
  // One active link per record; revoked ones stay for the audit trail.
  await qi.addIndex('share_links', ['record_id'], {
    unique: true,
    where: { status: 'active' },
    name: 'share_links_one_active_per_record',
  });
  await qi.addIndex('share_links', ['pipeline_id', 'status']);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.dropTable('share_links');
  await qi.dropTable('share_settings');
};
