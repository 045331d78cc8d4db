import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryInterface } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { MigrationFn, RunnableMigration } from 'umzug';
import { isRecord } from '../../runtime/engine/registry';
import type { Database } from './connection';

/** The table that remembers which migrations ran. */
export const MIGRATIONS_TABLE = 'musubi_migrations';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** `0001_core.ts`: four digits, an underscore, a name. Other files in the folder are ignored. */
const MIGRATION_FILE = /^\d{4}_[\w-]+\.(ts|js)$/;

interface MigrationModule {
  up: MigrationFn<QueryInterface>;
  down?: MigrationFn<QueryInterface>;
}

function isMigrationModule(value: unknown): value is MigrationModule {
  return isRecord(value) && typeof value.up === 'function';
}

/** Every migration file in server/db/migrations, in name order, loaded. */
async function loadMigrations(): Promise<RunnableMigration<QueryInterface>[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort();
  const migrations: RunnableMigration<QueryInterface>[] = [];
  for (const file of files) {
    const filePath = path.join(MIGRATIONS_DIR, file);
    const loaded: unknown = await import(pathToFileURL(filePath).href);
    if (!isMigrationModule(loaded)) {
      throw new Error(`Migration ${file} does not export an "up" function; export up (and down).`);
    }
    migrations.push({
      name: file.replace(/\.(ts|js)$/, ''),
      path: filePath,
      up: loaded.up,
      down: loaded.down,
    });
  }
  return migrations;
}

function createUmzug(db: Database): Umzug<QueryInterface> {
  return new Umzug<QueryInterface>({
    migrations: loadMigrations,
    context: db.sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize: db.sequelize, tableName: MIGRATIONS_TABLE }),
    logger: undefined,
  });
}

/** Runs every pending migration in name order; returns the names it ran. */
export async function migrate(db: Database): Promise<string[]> {
  const ran = await createUmzug(db).up();
  return ran.map((migration) => migration.name);
}

/** Undoes the last migration (or all with `{ to: 0 }`); returns the names it undid. */
export async function migrateDown(db: Database, options: { to?: 0 } = {}): Promise<string[]> {
  const umzug = createUmzug(db);
  const undone = options.to === 0 ? await umzug.down({ to: 0 }) : await umzug.down();
  return undone.map((migration) => migration.name);
}

/** Which migrations ran and which are waiting; /readyz is ready when `pending` is empty. */
export async function migrationStatus(db: Database): Promise<{ executed: string[]; pending: string[] }> {
  const umzug = createUmzug(db);
  const [executed, pending] = await Promise.all([umzug.executed(), umzug.pending()]);
  return { executed: executed.map((m) => m.name), pending: pending.map((m) => m.name) };
}
