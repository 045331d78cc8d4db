import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { describe, it } from 'vitest';

/**
 * Scale-out tests need a real PostgreSQL: MUSUBI_TEST_POSTGRES_URL points at a server whose user may
 * CREATE and DROP databases (e.g. postgres://postgres@127.0.0.1:5432/postgres). Each test gets its
 * own database, dropped at the end.
 */
export const adminUrl = process.env.MUSUBI_TEST_POSTGRES_URL;

const HOW_TO_ENABLE =
  'Scale-out tests need PostgreSQL: set MUSUBI_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres to run them.';

/**
 * `describe` for a Postgres suite. Without the URL, CI gets one failing test that says how to fix it
 * (CI fails on skips too); on a laptop the suite is skipped with the same hint.
 */
export function describePostgres(name: string, body: (adminUrl: string) => void): void {
  if (adminUrl) {
    describe(name, () => body(adminUrl));
  } else if (process.env.CI) {
    describe(name, () => {
      it('has MUSUBI_TEST_POSTGRES_URL', () => {
        throw new Error(`CI must provide PostgreSQL. ${HOW_TO_ENABLE}`);
      });
    });
  } else {
    console.warn(HOW_TO_ENABLE);
    describe.skip(`${name} (${HOW_TO_ENABLE})`, () => {
      it('needs PostgreSQL', () => {});
    });
  }
}

async function onAdmin(admin: string, sql: string): Promise<void> {
  const connection = new Sequelize(admin, { dialect: 'postgres', logging: false });
  try {
    await connection.query(sql);
  } finally {
    await connection.close();
  }
}

export interface FreshDatabase {
  /** postgres://… of the new database, for DATABASE_URL. */
  url: string;
  name: string;
  /** Drops it, cutting the connections still open (WITH (FORCE)). */
  drop(): Promise<void>;
}

/** Creates an empty database with a random name on the admin server. */
export async function createFreshDatabase(admin: string, prefix = 'musubi_scale'): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onAdmin(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onAdmin(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
