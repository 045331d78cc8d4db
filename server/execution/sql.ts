import sqlite3 from 'sqlite3';
import { QueryTypes } from 'sequelize';
import type { Sequelize, Transaction } from 'sequelize';
import { isRecord } from '../../runtime/engine/registry';
import type { Database, Dialect } from '../db/index';

export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, unknown>;

/** Plain SQL with `?` placeholders, the same text for SQLite and Postgres. */
export interface SqlRunner {
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a write; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Postgres inside a transaction: runs SQL with `$1` placeholders as it is, on the transaction's
   * own connection (pg-boss writes its jobs in our transactions through this).
   */
  native?: (sql: string, values: unknown[]) => Promise<{ rows: unknown[] }>;
}

/**
 * The execution layer's way to the database. On SQLite it keeps two connections of its own (one
 * writer, one reader) with prepared statements: Sequelize opens and closes a connection for every
 * transaction there, which the hot path cannot afford. On Postgres it uses Sequelize's pool.
 */
export interface SqlClient {
  dialect: Dialect;
  /** One transaction on the writer; transactions (and `write`) run one at a time, in call order. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** A single write outside an explicit transaction (queued behind the writer's transactions). */
  write(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Reads that never wait for the writer (WAL readers on SQLite, the pool on Postgres). */
  read: SqlRunner;
  /** A maintenance statement run to completion outside any transaction (PRAGMA …). */
  maintenance(sql: string): Promise<void>;
  /**
   * SQLite: copies the WAL into the database file from a connection of its own, beside the writer
   * (which does not checkpoint on commit). Nothing on Postgres.
   */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The SQL client for an open database. On SQLite its own connections open on first use, so the
 * execution layer can be built synchronously with the rest of the services.
 */
export function createSqlClient(db: Database): SqlClient {
  if (db.dialect === 'sqlite' && db.sqlitePath !== undefined) {
    const file = db.sqlitePath;
    return sqliteClient({
      // The writer never checkpoints on commit: a checkpoint's fsync would stall every write
      // queued behind it. A third connection checkpoints in the background instead.
      writer: lazy(() => openSqliteConnection(file, 'PRAGMA wal_autocheckpoint = 0;')),
      reader: lazy(() => openSqliteConnection(file)),
      checkpointer: lazy(() => openSqliteConnection(file)),
    });
  }
  return sequelizeClient(db.sequelize, db.dialect);
}

function lazy<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => (opened ??= open());
}

/** Statements kept prepared per connection; multi-row inserts come in a few sizes, so this stays small. */
const STATEMENT_CACHE_SIZE = 300;

class SqliteConnection implements SqlRunner {
  private readonly statements = new Map<string, sqlite3.Statement>();

  constructor(readonly handle: sqlite3.Database) {}

  private statement(sql: string): sqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Refresh its place: the map's order is the least-recently-used order.
      this.statements.delete(sql);
      this.statements.set(sql, statement);
      return statement;
    }
    statement = this.handle.prepare(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) {
        this.statements.get(oldest)?.finalize();
        this.statements.delete(oldest);
      }
    }
    return statement;
  }

  all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return new Promise((resolve, reject) => {
      this.statement(sql).all<unknown>([...params], (error, rows) => {
        if (error) reject(error);
        else resolve(rows.filter(isRecord));
      });
    });
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return new Promise((resolve, reject) => {
      this.statement(sql).run([...params], function (error) {
        if (error) reject(error);
        else resolve(this.changes);
      });
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.handle.exec(sql, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    for (const statement of this.statements.values()) {
      await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    }
    this.statements.clear();
    await new Promise<void>((resolve, reject) =>
      this.handle.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

async function openSqliteConnection(file: string, pragmas = ''): Promise<SqliteConnection> {
  const handle = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  handle.configure('busyTimeout', 5000);
  const connection = new SqliteConnection(handle);
  await connection.exec(`PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; ${pragmas}`);
  return connection;
}

/** Runs tasks one after another, in the order they were handed in. */
class SerialLane {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function sqliteClient(connections: {
  writer: () => Promise<SqliteConnection>;
  reader: () => Promise<SqliteConnection>;
  checkpointer: () => Promise<SqliteConnection>;
}): SqlClient {
  const { writer: writerOf, reader: readerOf } = connections;
  const lane = new SerialLane();
  const checkpoints = new SerialLane();
  let used = false;
  let checkpointed = false;
  const writer = (): Promise<SqliteConnection> => {
    used = true;
    return writerOf();
  };
  return {
    dialect: 'sqlite',
    transaction: (fn) =>
      lane.run(async () => {
        const connection = await writer();
        await connection.run('BEGIN IMMEDIATE');
        try {
          const result = await fn(connection);
          await connection.run('COMMIT');
          return result;
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    write: (sql, params) => lane.run(async () => (await writer()).run(sql, params)),
    read: {
      all: async (sql, params) => {
        used = true;
        return (await readerOf()).all(sql, params);
      },
      run: async (sql, params) => {
        used = true;
        return (await readerOf()).run(sql, params);
      },
    },
    maintenance: (sql) => lane.run(async () => (await writer()).exec(sql)),
    checkpoint: () =>
      checkpoints.run(async () => {
        if (!used) return;
        checkpointed = true;
        await (await connections.checkpointer()).exec('PRAGMA wal_checkpoint(PASSIVE)');
      }),
    close: async () => {
      await lane.run(async () => undefined);
      await checkpoints.run(async () => undefined);
      if (!used) return;
      await (await writerOf()).close();
      await (await readerOf()).close();
      if (checkpointed) await (await connections.checkpointer()).close();
    },
  };
}

/** `?` → `$1, $2 …` (our SQL has no literal question marks). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

interface PgQueryable {
  query(sql: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

function isPgQueryable(value: unknown): value is PgQueryable {
  return isRecord(value) && typeof value.query === 'function';
}

/** The pg client a Sequelize transaction runs on (Sequelize keeps it as `connection`). */
function nativeOf(transaction: Transaction | undefined): SqlRunner['native'] {
  if (!transaction) return undefined;
  return async (sql, values) => {
    const connection: unknown = Reflect.get(transaction, 'connection');
    if (!isPgQueryable(connection)) throw new Error('The transaction has no pg connection to run SQL on.');
    const result = await connection.query(sql, values);
    return { rows: result.rows };
  };
}

function sequelizeRunner(sequelize: Sequelize, transaction: Transaction | undefined): SqlRunner {
  return {
    native: sequelize.getDialect() === 'postgres' ? nativeOf(transaction) : undefined,
    all: async (sql, params = []) => {
      const rows = await sequelize.query(numberPlaceholders(sql), {
        bind: [...params],
        type: QueryTypes.SELECT,
        transaction,
      });
      return rows.filter(isRecord);
    },
    run: async (sql, params = []) => {
      const [, meta] = await sequelize.query(numberPlaceholders(sql), {
        bind: [...params],
        type: QueryTypes.RAW,
        transaction,
      });
      return rowCountOf(meta);
    },
  };
}

/** pg's result carries `rowCount`; SQLite through Sequelize carries `changes`. */
function rowCountOf(meta: unknown): number {
  if (typeof meta === 'number') return meta;
  if (!isRecord(meta)) return 0;
  if (typeof meta.rowCount === 'number') return meta.rowCount;
  if (typeof meta.changes === 'number') return meta.changes;
  return 0;
}

function sequelizeClient(sequelize: Sequelize, dialect: Dialect): SqlClient {
  const lane = new SerialLane();
  return {
    dialect,
    transaction: (fn) =>
      lane.run(() => sequelize.transaction((transaction) => fn(sequelizeRunner(sequelize, transaction)))),
    write: (sql, params) => lane.run(() => sequelizeRunner(sequelize, undefined).run(sql, params)),
    read: sequelizeRunner(sequelize, undefined),
    maintenance: (sql) => lane.run(async () => void (await sequelize.query(sql))),
    checkpoint: async () => undefined,
    close: async () => {
      await lane.run(async () => undefined);
    },
  };
}

/** Numbers come back as strings from Postgres BIGINT columns; both dialects read through these. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

export function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

/** SQLite keeps booleans as 0/1. */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` columns. */
export function valuesList(rows: number, columns: number): string {
  const row = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return new Array<string>(rows).fill(row).join(', ');
}

/** `?, ?, ?` for an IN list. */
export function inList(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** Splits rows so one statement stays well under SQLite's 32,766 bound parameters. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
