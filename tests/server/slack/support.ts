import { createUser } from '../../../server/auth/users';
import { systemClock } from '../../../server/adapters/system-clock';
import { connectWithToken } from '../../../server/slack/connect';
import { SlackService } from '../../../server/slack/service';
import type { SlackWorkspace } from '../../../server/slack/workspaces';
import { silentLogger } from '../../../runtime/ports/logger';
import type { Clock } from '../../../runtime/ports/clock';
import { startSlackEmulator } from '../../emulators/slack/server';
import type { BucketOptions, SlackEmulator } from '../../emulators/slack/server';
import { openTempDatabase } from '../support/temp-db';
import type { TempDatabase } from '../support/temp-db';

export const SECRET_KEY = Buffer.alloc(32, 7);
export const SIGNING_SECRET = 'signing-secret-of-acme';
export const TOKEN = 'xoxb-acme-1';

/** Channels of the ACME team in the emulator. */
export const CHANNELS = {
  support: { id: 'CSUPPORT', name: 'support' },
  sales: { id: 'CSALES', name: 'sales' },
  private: { id: 'GPRIVATE', name: 'escalations', isPrivate: true },
  outside: { id: 'COUTSIDE', name: 'random', isMember: false },
  archived: { id: 'CARCHIVED', name: 'old', isArchived: true },
};

export interface SlackFixture extends TempDatabase {
  emulator: SlackEmulator;
  service: SlackService;
  workspace: SlackWorkspace;
  adminId: string;
  dispose(): Promise<void>;
}

/** A temp database, the emulator with team ACME, and a workspace connected by pasted token. */
export async function slackFixture(
  options: { bucket?: BucketOptions; clock?: Clock } = {},
): Promise<SlackFixture> {
  const temp = await openTempDatabase();
  const emulator = await startSlackEmulator(options.bucket ? { bucket: options.bucket } : {});
  emulator.addTeam({ id: 'TACME', name: 'ACME', token: TOKEN, channels: Object.values(CHANNELS) });
  const service = new SlackService({
    db: temp.db,
    secretKey: SECRET_KEY,
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    publicUrl: 'http://musubi.test',
    apiUrl: emulator.apiUrl,
  });
  const admin = await createUser({
    db: temp.db,
    email: 'admin@example.com',
    password: 'password-123',
    role: 'admin',
  });
  const connected = await connectWithToken({
    service,
    botToken: TOKEN,
    signingSecret: SIGNING_SECRET,
    language: 'ja',
    userId: admin.id,
  });
  if (!connected.ok) throw new Error(`connect failed: ${connected.error}`);
  return {
    ...temp,
    emulator,
    service,
    workspace: connected.workspace,
    adminId: admin.id,
    dispose: async () => {
      await service.outbox.idle();
      await emulator.close();
      await temp.dispose();
    },
  };
}
