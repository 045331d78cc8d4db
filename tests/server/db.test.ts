import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrateDown, migrationStatus, openDatabase, parseDatabaseUrl } from '../../server/db/index';
import type { Database } from '../../server/db/index';

const opened: { db: Database; dir: string }[] = [];

async function freshDb(): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-db-'));
  const db = await openDatabase({ url: `sqlite:${path.join(dir, 'musubi.sqlite')}` });
  opened.push({ db, dir });
  return db;
}

async function pragma(db: Database, name: string): Promise<unknown> {
  const rows = await db.sequelize.query(`PRAGMA ${name}`, { type: QueryTypes.SELECT });
  const first: unknown = rows[0];
  return first && typeof first === 'object' ? Object.values(first)[0] : undefined;
}

afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('SQLite database', () => {
  it('creates the file in WAL mode with incremental auto-vacuum, foreign keys and a busy timeout', async () => {
    const db = await freshDb();
    await migrate(db);
    expect(db.dialect).toBe('sqlite');
    expect(db.sqlitePath && fs.existsSync(db.sqlitePath)).toBe(true);
    expect(await pragma(db, 'journal_mode')).toBe('wal');
    expect(await pragma(db, 'auto_vacuum')).toBe(2);
    expect(await pragma(db, 'foreign_keys')).toBe(1);
    expect(await pragma(db, 'busy_timeout')).toBe(5000);
    expect(await pragma(db, 'synchronous')).toBe(1);
    // A transaction gets its own connection from Sequelize; it must be configured the same way.
    const inTransaction = await db.sequelize.transaction(async (transaction) => {
      return db.sequelize.query('PRAGMA busy_timeout', { transaction, type: QueryTypes.SELECT });
    });
    expect(inTransaction).toEqual([{ timeout: 5000 }]);
  });

  it('runs the migrations once, records them, and can undo them', async () => {
    const db = await freshDb();
    expect((await migrationStatus(db)).pending).toContain('0001_core');
    expect(await migrate(db)).toContain('0001_core');
    expect(await migrate(db)).toEqual([]);
    const status = await migrationStatus(db);
    expect(status.pending).toEqual([]);
    expect(status.executed[0]).toBe('0001_core');
    await migrateDown(db, { to: 0 });
    const tables = await db.sequelize.getQueryInterface().showAllTables();
    expect(tables).not.toContain('workflows');
  });

  it('round-trips a workflow with a published version and cascades deletes', async () => {
    const db = await freshDb();
    await migrate(db);
    const { User, Workflow, WorkflowVersion } = db.models;
    const user = await User.create({ email: 'a@example.com', passwordHash: 'x', role: 'owner' });
    const draft = { schemaVersion: 1, id: 'wf1', name: '問い合わせ', nodes: [], edges: [] };
    await Workflow.create({ id: 'wf1', name: '問い合わせ', draft, createdBy: user.id });
    await WorkflowVersion.create({ workflowId: 'wf1', version: 1, document: draft, publishedBy: user.id });
    const loaded = await Workflow.findByPk('wf1');
    expect(loaded?.draft).toEqual(draft);
    expect(loaded?.active).toBe(false);
    await expect(
      WorkflowVersion.create({ workflowId: 'wf1', version: 1, document: draft }),
    ).rejects.toThrow();
    await loaded?.destroy();
    expect(await WorkflowVersion.count()).toBe(0);
  });

  it('refuses a version for a workflow that does not exist (foreign keys are on)', async () => {
    const db = await freshDb();
    await migrate(db);
    await expect(
      db.models.WorkflowVersion.create({ workflowId: 'missing', version: 1, document: {} }),
    ).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe('parseDatabaseUrl', () => {
  it('accepts sqlite and postgres URLs and explains anything else', () => {
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ dialect: 'postgres', url: 'postgres://u@h/db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', storage: ':memory:' });
    expect(parseDatabaseUrl('sqlite:/tmp/x.sqlite')).toEqual({ dialect: 'sqlite', storage: '/tmp/x.sqlite' });
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/sqlite:<file path>/);
  });
});
