import path from 'node:path';
import sqlite3 from 'sqlite3';
import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import type { Options } from 'sequelize';
import { defineModels } from './models/index';
import type { Models } from './models/index';

export type Dialect = 'sqlite' | 'postgres';

/** An open database: the Sequelize instance, its dialect and the typed models. */
export interface Database {
  sequelize: Sequelize;
  dialect: Dialect;
  models: Models;
  /** The SQLite file (absolute), or undefined for Postgres and in-memory SQLite. */
  sqlitePath: string | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `sqlite:<path>`, `sqlite::memory:`, or `postgres://…` / `postgresql://…`. */
  url: string;
  /** A function to print SQL, or false (the default) to stay quiet. */
  logging?: false | ((sql: string) => void);
}

/** How long a SQLite connection waits on a lock held by another connection before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the database named by `url` and defines the models; does not run migrations (see migrate()).
 * SQLite runs in WAL mode with incremental auto-vacuum so pruning old runs gives space back.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = parseDatabaseUrl(options.url);
  const logging = options.logging ?? false;
  if (target.dialect === 'postgres') {
    const sequelize = new Sequelize(target.url, { dialect: 'postgres', logging });
    await sequelize.authenticate();
    return finish({ sequelize, dialect: 'postgres', sqlitePath: undefined });
  }
  const sqliteOptions: Options = {
    dialect: 'sqlite',
    storage: target.storage,
    logging,
    // IMMEDIATE takes the write lock at BEGIN, so two writers queue on busy_timeout instead of
    // deadlocking when both try to upgrade a read lock.
    transactionType: Transaction.TYPES.IMMEDIATE,
    retry: { match: [/SQLITE_BUSY/], max: 5 },
  };
  const sequelize = new Sequelize(sqliteOptions);
  configureEverySqliteConnection(sequelize);
  await prepareSqliteFile(sequelize);
  const sqlitePath = target.storage === ':memory:' ? undefined : target.storage;
  return finish({ sequelize, dialect: 'sqlite', sqlitePath });
}

function finish(base: Omit<Database, 'models' | 'close'>): Database {
  const models = defineModels(base.sequelize);
  return { ...base, models, close: () => base.sequelize.close() };
}

type DatabaseTarget = { dialect: 'postgres'; url: string } | { dialect: 'sqlite'; storage: string };

/** Reads a DATABASE_URL; throws an error that says which forms are accepted. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  const match = /^sqlite:(?:\/\/)?(.+)$/.exec(url);
  const rest = match?.[1];
  if (rest === undefined) {
    throw new Error(
      `DATABASE_URL "${url}" is not understood. Use sqlite:<file path> (for example sqlite:./data/musubi.sqlite) or postgres://user:password@host:5432/database.`,
    );
  }
  if (rest === ':memory:') return { dialect: 'sqlite', storage: ':memory:' };
  return { dialect: 'sqlite', storage: path.resolve(rest) };
}

/**
 * Sequelize opens a separate SQLite connection per transaction, and per-connection pragmas
 * (busy_timeout, synchronous) are lost on each new one. It has no hook for this, so the connection
 * manager is wrapped: every new connection is configured once before its first use.
 */
function configureEverySqliteConnection(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const configured = new WeakMap<object, Promise<void>>();
  manager.getConnection = async (opts) => {
    const connection = await getConnection(opts);
    if (connection instanceof sqlite3.Database) {
      let ready = configured.get(connection);
      if (!ready) {
        ready = configureSqliteConnection(connection);
        configured.set(connection, ready);
      }
      await ready;
    }
    return connection;
  };
}

async function configureSqliteConnection(connection: sqlite3.Database): Promise<void> {
  connection.configure('busyTimeout', SQLITE_BUSY_TIMEOUT_MS);
  await execSql(connection, 'PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
}

function execSql(connection: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.exec(sql, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * File-level settings, before the first table exists: auto_vacuum only takes effect on an empty
 * file (or after a VACUUM), journal_mode=WAL is remembered by the file.
 */
async function prepareSqliteFile(sequelize: Sequelize): Promise<void> {
  await sequelize.query('PRAGMA auto_vacuum = INCREMENTAL');
  await sequelize.query('PRAGMA journal_mode = WAL');
  const rows = await sequelize.query('PRAGMA auto_vacuum', { type: QueryTypes.SELECT });
  const first: unknown = rows[0];
  const mode = typeof first === 'object' && first !== null && 'auto_vacuum' in first ? first.auto_vacuum : 2;
  // A file created elsewhere without incremental vacuum: rebuild it once so the setting applies.
  if (mode !== 2) await sequelize.query('VACUUM');
}
