import express from 'express';
import type { Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../runtime/ports/logger';
import type { Logger } from '../../../runtime/ports/logger';
import { createApp } from '../../../server/app';
import { loadConfig } from '../../../server/config';
import { migrate, openDatabase } from '../../../server/db/index';
import type { Database } from '../../../server/db/index';
import { errorHandler } from '../../../server/http/errors';
import { loginRateLimit } from '../../../server/http/rate-limits';
import { sharedLimitOptions } from '../../../server/http/shared-rate-limit';
import { createServices } from '../../../server/services';
import { activate, respondFlow } from '../execution/support';
import { describePostgres, withFreshDatabase } from '../support/postgres';
import { openTempDatabase } from '../support/temp-db';

/**
 * Rate limits shared by every web process on PostgreSQL (issue 10): two apps with their own
 * connection pools to one database count a client together, so alternating between them does not
 * double the limit. Runs against a database this test creates and drops; set
 * MUSUBI_TEST_POSTGRES_URL to run it (CI sets it and fails without it).
 */
describe('rate limits on SQLite', () => {
  it('keep the in-memory store: no shared store, no query per request', async () => {
    const temp = await openTempDatabase();
    try {
      const options = sharedLimitOptions({ db: temp.db, logger: silentLogger, name: 'x', windowMs: 1000 });
      expect(options).toEqual({});
      expect(await temp.db.sequelize.getQueryInterface().showAllTables()).not.toContain('rate_limits');
    } finally {
      await temp.dispose();
    }
  });
});

describePostgres('Shared rate limits on PostgreSQL', (admin) => {
  /** A fresh migrated database and two open connections to it (two web processes). */
  async function withTwoProcesses(
    test: (url: string, a: Database, b: Database) => Promise<void>,
  ): Promise<void> {
    await withFreshDatabase(admin, 'musubi_rate', async (url) => {
      const dbs: Database[] = [];
      try {
        const a = await openDatabase({ url });
        dbs.push(a);
        await migrate(a);
        const b = await openDatabase({ url });
        dbs.push(b);
        await test(url, a, b);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
      }
    });
  }

  it('the login limit through two createApp instances: 429 after 20 attempts in total, not 40', async () => {
    await withTwoProcesses(async (url, a, b) => {
      const apps = [a, b].map((db) => {
        const config = loadConfig({
          DATABASE_URL: url,
          MUSUBI_SECRET: 'ab'.repeat(32),
          MUSUBI_ROLE: 'web',
          MUSUBI_QUEUE: 'table',
        });
        const services = createServices({ db, config, logger: silentLogger });
        return { app: createApp({ db, config, services, editor: { kind: 'missing' } }), services };
      });
      try {
        // /api/setup shares the login limiter; an empty body is refused (400) after the limit
        // counted it, without the password hashing of a login, which keeps this test quick.
        const attempt = (i: number) =>
          request(apps[i % 2]!.app)
            .post('/api/setup')
            .send({});
        for (let i = 0; i < 20; i += 1) expect((await attempt(i)).status).toBe(400);
        const limited = await attempt(20);
        expect(limited.status).toBe(429);
        expect(limited.body.error.code).toBe('rate_limited');
        expect((await attempt(21)).status).toBe(429);
      } finally {
        for (const { services } of apps) services.mail.close();
      }
    });
  }, 30_000);

  it('the webhook limit (MUSUBI_WEBHOOK_RATE_LIMIT=3) through two started web processes: 3 accepted in total', async () => {
    await withTwoProcesses(async (url, a, b) => {
      await activate(a, respondFlow({ id: 'hook', path: 'orders', webhook: { responseMode: 'async' } }));
      const env = {
        DATABASE_URL: url,
        MUSUBI_SECRET: 'ab'.repeat(32),
        MUSUBI_ROLE: 'web',
        MUSUBI_QUEUE: 'table',
      };
      // The execution layer reads its settings (the webhook limit among them) from process.env.
      vi.stubEnv('MUSUBI_WEBHOOK_RATE_LIMIT', '3');
      const processes = [a, b].map((db) => {
        const config = loadConfig(env);
        const services = createServices({ db, config, logger: silentLogger });
        return { app: createApp({ db, config, services, editor: { kind: 'missing' } }), services };
      });
      try {
        for (const { services } of processes) await services.lifecycle.start();
        const call = (i: number) =>
          request(processes[i % 2]!.app)
            .post('/webhook/orders')
            .send({ name: `n${i}` });
        for (let i = 0; i < 3; i += 1) expect((await call(i)).status).toBe(202);
        const limited = await call(3);
        expect(limited.status).toBe(429);
        expect(limited.body.error.code).toBe('rate_limited');
        expect((await call(4)).status).toBe(429);
        expect(await a.models.Run.count()).toBe(3);
      } finally {
        for (const { services } of processes) {
          await services.lifecycle.stop();
          services.mail.close();
        }
        vi.unstubAllEnvs();
      }
    });
  }, 30_000);

  it('alternating apps hit 429 at the limit in total, with the usual headers, and the window resets', async () => {
    await withTwoProcesses(async (_url, a, b) => {
      const windowMs = 1500;
      const apps = [
        limitedApp(a, silentLogger, { limit: 3, windowMs }),
        limitedApp(b, silentLogger, { limit: 3, windowMs }),
      ];
      const hit = (i: number) => request(apps[i % 2]!).post('/limited');
      const first = await hit(0);
      expect(first.status).toBe(200);
      expect(first.headers.ratelimit).toMatch(/limit=3, remaining=2, reset=\d+/);
      expect(first.headers['ratelimit-policy']).toBe('3;w=2');
      expect((await hit(1)).status).toBe(200);
      expect((await hit(2)).status).toBe(200);
      const limited = await hit(3);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(limited.headers['retry-after']).toMatch(/^[12]$/);
      expect((await hit(4)).status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, windowMs + 200));
      expect((await hit(5)).status).toBe(200);
      expect((await hit(6)).status).toBe(200);
    });
  }, 30_000);

  it('keeps two limiters on the same key apart', async () => {
    await withTwoProcesses(async (_url, a) => {
      const app = express();
      for (const name of ['one', 'two']) {
        app.post(
          `/${name}`,
          rateLimit({
            ...sharedLimitOptions({ db: a, logger: silentLogger, name, windowMs: 60_000 }),
            windowMs: 60_000,
            limit: 2,
            keyGenerator: () => 'same-key',
          }),
          (_req, res) => void res.json({ ok: true }),
        );
      }
      expect((await request(app).post('/one')).status).toBe(200);
      expect((await request(app).post('/one')).status).toBe(200);
      expect((await request(app).post('/one')).status).toBe(429);
      expect((await request(app).post('/two')).status).toBe(200);
    });
  }, 30_000);

  it('fails open when the database does not answer, warning once', async () => {
    await withTwoProcesses(async (url) => {
      const gone = await openDatabase({ url });
      await gone.close();
      const logger = recordingLogger();
      const app = limitedApp(gone, logger, { limit: 1, windowMs: 60_000 });
      for (let i = 0; i < 3; i += 1) expect((await request(app).post('/limited')).status).toBe(200);
      expect(logger.warnings).toEqual(['rate limit store unavailable: requests pass without this limit']);
    });
  }, 30_000);
});

/** A logger that remembers its warnings. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (message) => void warnings.push(message) };
}

/** An app with one limited route, as a web process would mount the login limit. */
function limitedApp(db: Database, logger: Logger, options: { limit: number; windowMs: number }): Express {
  const app = express();
  app.post('/limited', loginRateLimit({ db, logger, ...options }), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(silentLogger));
  return app;
}
