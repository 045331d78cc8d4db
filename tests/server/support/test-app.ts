import type { Express } from 'express';
import request from 'supertest';
import type { Agent } from 'supertest';
import { createApp } from '../../../server/app';
import { createApiToken } from '../../../server/auth/api-tokens';
import { createUser } from '../../../server/auth/users';
import { loadConfig } from '../../../server/config';
import type { Config } from '../../../server/config';
import type { Role } from '../../../server/db/models/index';
import { createServices } from '../../../server/services';
import type { Services } from '../../../server/services';
import type { Clock } from '../../../runtime/ports/clock';
import { silentLogger } from '../../../runtime/ports/logger';
import { openTempDatabase } from './temp-db';
import type { TempDatabase } from './temp-db';

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

export interface TestApp extends TempDatabase {
  app: Express;
  config: Config;
  services: Services;
  /** A user with this role and a bearer token for them. */
  userWithToken(role: Role, email?: string): Promise<{ token: string; userId: string }>;
}

/** The Express app over a migrated temp SQLite file, with quiet logs and no editor bundle. */
export async function createTestApp(
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApp> {
  const temp = await openTempDatabase();
  const config = loadConfig({ MUSUBI_DATA_DIR: temp.dir, MUSUBI_SECRET: 'ab'.repeat(32), ...options.env });
  const services = createServices({
    db: temp.db,
    config,
    logger: silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const app = createApp({ db: temp.db, config, services, editor: { kind: 'missing' } });
  let counter = 0;
  return {
    ...temp,
    app,
    config,
    services,
    dispose: async () => {
      services.mail.close();
      await temp.dispose();
    },
    userWithToken: async (role, email) => {
      counter += 1;
      const user = await createUser({
        db: temp.db,
        email: email ?? `${role}${counter}@example.com`,
        password: 'password-123',
        role,
      });
      const { token } = await createApiToken({ db: temp.db, userId: user.id, name: 'test' });
      return { token, userId: user.id };
    },
  };
}

/** A browser-like agent (keeps cookies) signed in as the freshly created owner, and its CSRF token. */
export async function ownerAgent(app: Express): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const res = await agent.post('/api/setup').send(OWNER).expect(201);
  const body: unknown = res.body;
  const csrf = typeof body === 'object' && body !== null && 'csrfToken' in body ? body.csrfToken : undefined;
  if (typeof csrf !== 'string') throw new Error('setup did not return a CSRF token');
  return { agent, csrf };
}
