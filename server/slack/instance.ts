import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import type { MailPort } from '../../runtime/ports/mail';
import { crmServicesFor } from '../crm/context';
import type { Database } from '../db/index';
import { createRecordsDesk } from './desk';
import type { SlackDesk } from './desk';
import { SlackService } from './service';
import { ticketEventsOf } from './ticket-events';

/** The Slack connector of one database, and the desk its commands act on. */
export interface SlackRuntime {
  service: SlackService;
  desk: SlackDesk;
}

const perDatabase = new WeakMap<Database, SlackRuntime>();

/**
 * The Slack connector of a database, built once and shared by the routes, the public endpoints
 * and the workflow port. Building it subscribes to the CRM's record changes, so ticket events
 * reach Slack whichever way the ticket changed (API, screens, a workflow node).
 */
export function slackRuntimeFor(options: {
  db: Database;
  secretKey: Buffer;
  clock: Clock;
  logger: Logger;
  mail: MailPort;
  publicUrl: string;
  apiUrl?: string;
}): SlackRuntime {
  const existing = perDatabase.get(options.db);
  if (existing) return existing;
  const service = new SlackService(options);
  const crm = crmServicesFor({
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    secretKey: options.secretKey,
  });
  const desk = createRecordsDesk({ db: options.db, mail: options.mail, records: crm.records });
  crm.records.onChange(async (payload) => {
    const events = await ticketEventsOf({ payload, db: options.db, desk });
    // Writing the messages to the outbox is enough; the change must not wait for Slack.
    for (const event of events) await service.notifyTicketEvent(event);
  });
  const runtime = { service, desk };
  perDatabase.set(options.db, runtime);
  return runtime;
}

/** The runtime from the server's route dependencies. */
export function slackRuntimeOf(deps: {
  db: Database;
  config: { secretKey: Buffer; publicUrl: string };
  services: { clock: Clock; logger: Logger; mail: MailPort };
}): SlackRuntime {
  return slackRuntimeFor({
    db: deps.db,
    secretKey: deps.config.secretKey,
    clock: deps.services.clock,
    logger: deps.services.logger,
    mail: deps.services.mail,
    publicUrl: deps.config.publicUrl,
  });
}
