import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { startServer } from '../../server/main';
import type { RunningServer } from '../../server/main';

const dirs: string[] = [];
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-main-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}

describe('startServer', () => {
  it('creates the data folder, migrates, creates the owner from env, listens, and stops cleanly', async () => {
    const dataDir = tempDataDir();
    const config = loadConfig({
      MUSUBI_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      MUSUBI_OWNER_EMAIL: 'Owner@Example.com',
      MUSUBI_OWNER_PASSWORD: 'password-123',
    });
    running = await startServer({ config });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(path.join(dataDir, 'musubi.sqlite'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const health = await fetch(`${running.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const login = await fetch(`${running.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: 'password-123' }),
    });
    expect(login.status).toBe(200);

    const stopping = running;
    running = undefined;
    await stopping.stop();
    await expect(fetch(`${stopping.url}/healthz`)).rejects.toThrow();
    await expect(stopping.db.sequelize.query('SELECT 1')).rejects.toThrow();
  });

  it('keeps the owner from env to the first start: a restart with other values changes nothing', async () => {
    const dataDir = tempDataDir();
    const env = { MUSUBI_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' };
    running = await startServer({
      config: loadConfig({
        ...env,
        MUSUBI_OWNER_EMAIL: 'a@example.com',
        MUSUBI_OWNER_PASSWORD: 'password-123',
      }),
    });
    await running.stop();
    running = await startServer({
      config: loadConfig({
        ...env,
        MUSUBI_OWNER_EMAIL: 'b@example.com',
        MUSUBI_OWNER_PASSWORD: 'password-456',
      }),
    });
    const users = await running.db.models.User.findAll();
    expect(users.map((u) => [u.email, u.role])).toEqual([['a@example.com', 'owner']]);
  });

  it('runs stop hooks before the database closes', async () => {
    const config = loadConfig({ MUSUBI_DATA_DIR: tempDataDir(), PORT: '0', LOG_LEVEL: 'silent' });
    running = await startServer({ config });
    const seen: string[] = [];
    running.services.lifecycle.onStop('probe', async () => {
      await running?.db.sequelize.query('SELECT 1');
      seen.push('stop hook ran with the database open');
    });
    const stopping = running;
    running = undefined;
    await stopping.stop();
    expect(seen).toEqual(['stop hook ran with the database open']);
  });
});
