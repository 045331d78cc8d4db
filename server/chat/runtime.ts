import type { ChatPort } from '../../runtime/ports/chat';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { OperatorsPort } from '../../runtime/ports/operators';
import type { Database } from '../db/index';
import type { Execution } from '../execution/index';
import { ChatHub } from './hub';
import { Inbox } from './inbox';
import { createChatPort, createOperatorsPort } from './ports';
import { ChatService } from './service';
import { Transcript } from './transcript';

/** The chat of one database: ports for the runs, the visitor service, the agent inbox. */
export interface ChatRuntime {
  hub: ChatHub;
  transcript: Transcript;
  /** Give these to `createExecution({ ports })` so bot runs talk to visitors and agents. */
  ports: { chat: ChatPort; operators: OperatorsPort };
  service: ChatService;
  inbox: Inbox;
  /** Connects the execution layer; routes answer 503 until it is attached. */
  attach(execution: Execution | undefined): void;
}

const perDatabase = new WeakMap<Database, ChatRuntime>();

/**
 * The chat runtime of a database, built once and shared by the public chat endpoints, the inbox
 * routes and the execution layer's ports (like the Slack runtime).
 */
export function chatRuntimeFor(options: { db: Database; clock: Clock; logger: Logger }): ChatRuntime {
  const existing = perDatabase.get(options.db);
  if (existing) return existing;
  const hub = new ChatHub();
  const transcript = new Transcript({ db: options.db, clock: options.clock, hub });
  const service = new ChatService({ ...options, hub, transcript });
  const inbox = new Inbox({ db: options.db, clock: options.clock, hub, transcript, chat: service });
  const runtime: ChatRuntime = {
    hub,
    transcript,
    ports: {
      chat: createChatPort(transcript),
      operators: createOperatorsPort({ db: options.db, clock: options.clock, transcript, hub }),
    },
    service,
    inbox,
    attach: (execution) => service.attach(execution),
  };
  perDatabase.set(options.db, runtime);
  return runtime;
}

/** The runtime from the server's route dependencies. */
export function chatRuntimeOf(deps: {
  db: Database;
  services: { clock: Clock; logger: Logger };
}): ChatRuntime {
  return chatRuntimeFor({ db: deps.db, clock: deps.services.clock, logger: deps.services.logger });
}
