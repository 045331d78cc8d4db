import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { queueKindFromEnv } from '../../server/execution/index';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('uses the documented defaults and generates the secret key once, readable only by the owner', () => {
    const dataDir = path.join(tempDir(), 'data');
    const config = loadConfig({ MUSUBI_DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.databaseUrl).toBe(`sqlite:${path.join(dataDir, 'musubi.sqlite')}`);
    expect(config.role).toBe('all');
    expect(config.queue).toBe('table');
    expect(config.smtpUrl).toBeUndefined();
    expect(config.secretKey).toHaveLength(32);
    const keyFile = path.join(dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadConfig({ MUSUBI_DATA_DIR: dataDir }).secretKey.equals(config.secretKey)).toBe(true);
  });

  it('takes MUSUBI_SECRET instead of a key file', () => {
    const dataDir = tempDir();
    const config = loadConfig({ MUSUBI_DATA_DIR: dataDir, MUSUBI_SECRET: 'a'.repeat(64) });
    expect(config.secretKey.toString('hex')).toBe('a'.repeat(64));
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT.*PORT=3000/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL.*postgres:\/\//],
    [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL.*smtp:\/\//],
    [{ MUSUBI_ROLE: 'boss' }, /MUSUBI_ROLE.*all, web, worker, scheduler/],
    [{ MUSUBI_OWNER_EMAIL: 'a@b.c' }, /MUSUBI_OWNER_PASSWORD/],
    [{ MUSUBI_SECRET: 'short' }, /MUSUBI_SECRET.*openssl rand/],
  ])('names the variable and the fix for a bad value %o', (env, message) => {
    expect(() => loadConfig({ MUSUBI_DATA_DIR: tempDir(), ...env })).toThrow(message);
  });

  it('marks https public URLs and keeps SMTP settings', () => {
    const config = loadConfig({
      MUSUBI_DATA_DIR: tempDir(),
      PUBLIC_URL: 'https://musubi.example.com/',
      SMTP_URL: 'smtp://u:p@127.0.0.1:2525',
      MAIL_FROM: 'bot@example.com',
    });
    expect(config.publicUrl).toBe('https://musubi.example.com');
    expect(config.smtpUrl).toBe('smtp://u:p@127.0.0.1:2525');
    expect(config.mailFrom).toBe('bot@example.com');
  });

  it('picks the queue by database: pg-boss on Postgres, the table on SQLite; table stays allowed on Postgres', () => {
    const postgres = { MUSUBI_DATA_DIR: tempDir(), DATABASE_URL: 'postgres://u:p@db.internal:5432/musubi' };
    expect(loadConfig(postgres).queue).toBe('pgboss');
    expect(loadConfig({ ...postgres, MUSUBI_QUEUE: 'table' }).queue).toBe('table');
    expect(loadConfig({ ...postgres, MUSUBI_QUEUE: 'PGBOSS' }).queue).toBe('pgboss');
    expect(loadConfig({ MUSUBI_DATA_DIR: tempDir(), DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).queue).toBe(
      'table',
    );
    // The execution layer's own default (tests and tools that build it without loadConfig) agrees.
    expect(queueKindFromEnv({}, 'postgres')).toBe('pgboss');
    expect(queueKindFromEnv({}, 'sqlite')).toBe('table');
    expect(queueKindFromEnv({ MUSUBI_QUEUE: 'table' }, 'postgres')).toBe('table');
  });

  it('refuses pgboss on SQLite, saying what to set in Japanese and English', () => {
    let error: unknown;
    try {
      loadConfig({ MUSUBI_DATA_DIR: tempDir(), MUSUBI_QUEUE: 'pgboss' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { localized } = error as ConfigError;
    expect(localized.en).toMatch(/MUSUBI_QUEUE: pgboss needs PostgreSQL\. Set DATABASE_URL=postgres:\/\//);
    expect(localized.ja).toMatch(/MUSUBI_QUEUE: pgboss には PostgreSQL が必要です/);
    expect(() => loadConfig({ MUSUBI_DATA_DIR: tempDir(), MUSUBI_QUEUE: 'redis' })).toThrow(
      /MUSUBI_QUEUE.*table, pgboss.*default table/,
    );
  });
});
