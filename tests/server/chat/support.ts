import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDefaultRegistry } from '../../../nodes/index';
import type { Clock } from '../../../runtime/ports/clock';
import { chatRuntimeFor, type ChatRuntime } from '../../../server/chat/runtime';
import { migrate, openDatabase, type Database } from '../../../server/db/index';
import { createExecution, type Execution } from '../../../server/execution/index';
import { silentLogger } from '../../../runtime/ports/logger';
import { systemClock } from '../../../server/adapters/system-clock';

export const registry = createDefaultRegistry();

/** One running server's chat parts over a database file; `restart` closes everything and reopens. */
export interface ChatWorld {
  db: Database;
  chat: ChatRuntime;
  execution: Execution;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** A migrated SQLite file with the chat runtime attached to an execution layer (loops by hand). */
export async function openChatWorld(options: { clock?: Clock } = {}): Promise<ChatWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-chat-'));
  const url = `sqlite:${path.join(dir, 'musubi.sqlite')}`;
  const clock = options.clock ?? systemClock;
  const open = async (): Promise<{ db: Database; chat: ChatRuntime; execution: Execution }> => {
    const db = await openDatabase({ url });
    await migrate(db);
    const chat = chatRuntimeFor({ db, clock, logger: silentLogger });
    const execution = await executionFor({ db, clock, chat });
    await execution.start();
    chat.attach(execution);
    return { db, chat, execution };
  };
  const close = async (parts: { db: Database; execution: Execution }): Promise<void> => {
    await parts.execution.stop();
    await parts.db.close();
  };
  const world: ChatWorld = {
    ...(await open()),
    restart: async () => {
      await close(world);
      Object.assign(world, await open());
    },
    dispose: async () => {
      await close(world).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The execution layer with the chat ports, its loops driven by the test. */
function executionFor(input: { db: Database; clock: Clock; chat: ChatRuntime }): Promise<Execution> {
  return Promise.resolve(
    createExecution({
      db: input.db,
      registry,
      clock: input.clock,
      ports: input.chat.ports,
      settings: { webhookRateLimitPerMinute: 0 },
      env: {},
      timers: false,
    }),
  );
}
