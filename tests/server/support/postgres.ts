import { randomBytes } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { describe, it } from 'vitest';

/**
 * Tests on a real PostgreSQL: MUSUBI_TEST_POSTGRES_URL points at a server whose user may CREATE and
 * DROP databases (e.g. postgres://postgres@127.0.0.1:5432/postgres; CI, .ci/run, sets it). Each test
 * works in a database of its own, created with a random name and dropped at the end.
 */
const EXAMPLE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `describe` for a suite that needs PostgreSQL; `body` gets the admin URL. Exactly one of three is
 * declared, since CI fails on any skip: the suite when MUSUBI_TEST_POSTGRES_URL is set, else in CI
 * (`CI` set) one failing test that says how to fix it, else a skipped suite with the same hint.
 */
export function describePostgres(name: string, body: (adminUrl: string) => void): void {
  const adminUrl = process.env.MUSUBI_TEST_POSTGRES_URL;
  const hint = `"${name}" needs a PostgreSQL server: set MUSUBI_TEST_POSTGRES_URL=${EXAMPLE_URL} to run it.`;
  if (adminUrl) {
    describe(name, () => body(adminUrl));
  } else if (process.env.CI) {
    describe(name, () => {
      it('has MUSUBI_TEST_POSTGRES_URL', () => {
        throw new Error(`CI must provide PostgreSQL. ${hint}`);
      });
    });
  } else {
    console.warn(hint);
    describe.skip(`${name} (${hint})`, () => {
      it('needs PostgreSQL', () => {});
    });
  }
}

/** Runs one statement on the server's admin database (CREATE / DROP DATABASE). */
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

/** Creates an empty database named `${prefix}_<random hex>` on the admin server. */
export async function createFreshDatabase(admin: string, prefix: string): Promise<FreshDatabase> {
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

/** Runs `test` on a fresh, empty database and drops it afterwards, whether the test passed or not. */
export async function withFreshDatabase(
  admin: string,
  prefix: string,
  test: (url: string) => Promise<void>,
): Promise<void> {
  const database = await createFreshDatabase(admin, prefix);
  try {
    await test(database.url);
  } finally {
    await database.drop();
  }
}
