import { DataTypes } from 'sequelize';
import type { QueryInterface } from 'sequelize';
import type { MigrationFn } from 'umzug';

/**
 * Rate-limit counters shared by every web process on PostgreSQL (issue 10), read and written by
 * rate-limiter-flexible's RateLimiterPostgres (server/http/shared-rate-limit.ts) with
 * `tableCreated: true`, so the schema is ours and versioned here rather than created at run time.
 * The columns are the library's (`key`, `points`, `expire` in epoch ms); `key` is TEXT instead of
 * its varchar(255) because the login key holds an e-mail of up to 320 characters. The index on
 * `expire` serves the periodic delete of expired rows. SQLite runs one process and keeps its
 * counters in memory, so the table exists on PostgreSQL only.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  if (qi.sequelize.getDialect() !== 'postgres') return;
  await qi.createTable('rate_limits', {
    key: { type: DataTypes.TEXT, primaryKey: true, allowNull: false },
    points: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expire: { type: DataTypes.BIGINT, allowNull: true },
  });
  await qi.addIndex('rate_limits', ['expire'], { name: 'rate_limits_expire' });
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  if (qi.sequelize.getDialect() !== 'postgres') return;
  await qi.dropTable('rate_limits');
};
