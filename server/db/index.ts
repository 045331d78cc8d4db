export { openDatabase, parseDatabaseUrl } from './connection';
export type { Database, Dialect, OpenDatabaseOptions } from './connection';
export { migrate, migrateDown, migrationStatus, MIGRATIONS_TABLE } from './migrate';
export type { Models } from './models/index';
