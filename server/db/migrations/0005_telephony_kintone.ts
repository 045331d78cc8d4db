import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

/**
 * Telephony and kintone: call events (one row per call id and connection, a repeat updates it),
 * the contact a user picked for a number with several matches, kintone customer syncs with their
 * resumable cursor and high-water mark, and the link of each kintone record to its CRM record.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.createTable('telephony_calls', {
    id: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
    connection_id: {
      type: DataTypes.STRING(100),
      allowNull: false,
      references: { model: 'connections', key: 'id' },
      onDelete: 'CASCADE',
    },
    call_id: { type: DataTypes.STRING(200), allowNull: false },
    direction: { type: DataTypes.STRING(16), allowNull: false },
    from_number: { type: DataTypes.STRING(50), allowNull: false },
    to_number: { type: DataTypes.STRING(50), allowNull: false },
    // The other party's number as E.164: what contacts are matched on.
    other_e164: { type: DataTypes.STRING(20), allowNull: true },
    started_at: { type: DataTypes.DATE, allowNull: false },
    answered: { type: DataTypes.BOOLEAN, allowNull: false },
    duration_sec: { type: DataTypes.INTEGER, allowNull: false },
    user_ref: { type: DataTypes.STRING(320), allowNull: true },
    recording_urls: { type: DataTypes.JSON, allowNull: false },
    voicemail_url: { type: DataTypes.STRING(2000), allowNull: true },
    // received / logged / no_match / multiple_matches / skipped_internal / skipped_missed
    status: { type: DataTypes.STRING(20), allowNull: false },
    candidates: { type: DataTypes.JSON, allowNull: false },
    contact_module: { type: DataTypes.STRING(16), allowNull: true },
    contact_id: { type: DataTypes.STRING(100), allowNull: true },
    task_id: { type: DataTypes.STRING(100), allowNull: true },
    event_count: { type: DataTypes.INTEGER, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('telephony_calls', ['connection_id', 'call_id'], { unique: true });
  await qi.addIndex('telephony_calls', ['other_e164']);
  await qi.addIndex('telephony_calls', ['status']);

  await qi.createTable('telephony_phone_choices', {
    phone_e164: { type: DataTypes.STRING(20), primaryKey: true, allowNull: false },
    record_module: { type: DataTypes.STRING(16), allowNull: false },
    record_id: { type: DataTypes.STRING(100), allowNull: false },
    chosen_by: { type: DataTypes.STRING(100), allowNull: true },
    ...timestamps,
  });

  await qi.createTable('kintone_syncs', {
    id: { type: DataTypes.STRING(100), primaryKey: true, allowNull: false },
    connection_id: {
      type: DataTypes.STRING(100),
      allowNull: false,
      references: { model: 'connections', key: 'id' },
      onDelete: 'CASCADE',
    },
    settings: { type: DataTypes.JSON, allowNull: false },
    enabled: { type: DataTypes.BOOLEAN, allowNull: false },
    // idle / running / interrupted / failed
    status: { type: DataTypes.STRING(16), allowNull: false },
    // initial until the first import completes, then incremental
    phase: { type: DataTypes.STRING(16), allowNull: false },
    updated_time_code: { type: DataTypes.STRING(200), allowNull: true },
    cursor: { type: DataTypes.JSON, allowNull: true },
    high_water_mark: { type: DataTypes.STRING(40), allowNull: true },
    progress_done: { type: DataTypes.INTEGER, allowNull: false },
    progress_total: { type: DataTypes.INTEGER, allowNull: false },
    report: { type: DataTypes.JSON, allowNull: false },
    last_error: { type: DataTypes.TEXT, allowNull: true },
    next_run_at: { type: DataTypes.BIGINT, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('kintone_syncs', ['enabled', 'next_run_at']);

  await qi.createTable('kintone_links', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    sync_id: {
      type: DataTypes.STRING(100),
      allowNull: false,
      references: { model: 'kintone_syncs', key: 'id' },
      onDelete: 'CASCADE',
    },
    kintone_id: { type: DataTypes.STRING(20), allowNull: false },
    crm_record_id: { type: DataTypes.STRING(100), allowNull: false },
    kintone_revision: { type: DataTypes.STRING(20), allowNull: false },
    kintone_updated_at: { type: DataTypes.STRING(40), allowNull: false },
    synced_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('kintone_links', ['sync_id', 'kintone_id'], { unique: true });
  await qi.addIndex('kintone_links', ['crm_record_id']);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  for (const table of ['kintone_links', 'kintone_syncs', 'telephony_phone_choices', 'telephony_calls']) {
    await qi.dropTable(table);
  }
};
