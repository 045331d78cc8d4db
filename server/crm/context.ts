import type { CrmPort } from '../../runtime/ports/crm';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import { createCrmAdapter } from '../adapters/crm';
import type { Database } from '../db/index';
import { StageAutomationService } from './automations';
import { ConnectionService } from './connections';
import { RecordEventDispatcher } from './events';
import { ListService } from './lists';
import { PartyService } from './parties';
import { PipelineService } from './pipelines';
import { RecordService } from './records';
import { RecordTriggerIndex, type WorkflowRunStarter } from './run-starter';
import { SavedViewService } from './saved-views';

/** Everything the embedded CRM is made of, for one database. */
export interface CrmServices {
  db: Database;
  records: RecordService;
  pipelines: PipelineService;
  parties: PartyService;
  connections: ConnectionService;
  lists: ListService;
  savedViews: SavedViewService;
  automations: StageAutomationService;
  events: RecordEventDispatcher;
  triggers: RecordTriggerIndex;
  /** The runtime port the integration nodes use (`ports.crm`). */
  port: CrmPort;
  /** Connects the execution layer's run service: record events and stage automations start runs through it. */
  useRunStarter(starter: WorkflowRunStarter): void;
  /** Sweeps due stage-automation timers every `intervalMs`; returns a function that stops it. */
  startTimerLoop(options?: { intervalMs?: number }): () => void;
}

export interface CrmServicesOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The instance key that seals connection credentials. */
  secretKey: Buffer;
  starter?: WorkflowRunStarter;
}

/** Builds the CRM services; records announce every change to triggers and stage automations. */
export function createCrmServices(options: CrmServicesOptions): CrmServices {
  const { db, clock, logger } = options;
  let starter = options.starter;
  const currentStarter = () => starter;
  const triggers = new RecordTriggerIndex(db);
  const records = new RecordService({ db, clock, logger });
  const parties = new PartyService({ db, clock });
  const connections = new ConnectionService({ db, clock, secretKey: options.secretKey });
  const lists = new ListService(db);
  const events = new RecordEventDispatcher({ triggers, logger, starter: currentStarter });
  const automations = new StageAutomationService({ db, clock, logger, triggers, starter: currentStarter });
  records.onChange(async (payload) => {
    // Loading the sample workspace is setting the stage, not business happening: nothing fires.
    if (payload.source === 'sample') return;
    await events.dispatch(payload);
    await automations.onRecordChange(payload);
  });
  const services: CrmServices = {
    db,
    records,
    pipelines: new PipelineService(db),
    parties,
    connections,
    lists,
    savedViews: new SavedViewService(db),
    automations,
    events,
    triggers,
    port: createCrmAdapter({ db, records, parties, connections, lists }),
    useRunStarter: (next) => {
      starter = next;
    },
    startTimerLoop: ({ intervalMs = 10_000 } = {}) => {
      let sweeping = false;
      const timer = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        automations
          .fireDue()
          .catch((error: unknown) => {
            logger.error('stage automation sweep failed', {
              error: error instanceof Error ? error.message : String(error),
            });
          })
          .finally(() => {
            sweeping = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
  return services;
}

const perDatabase = new WeakMap<Database, CrmServices>();

/**
 * The CRM services of a database, built once: the routes, the execution layer (for `ports.crm`)
 * and the CLI share one instance, so a change made by a workflow reaches the same trigger index.
 */
export function crmServicesFor(options: CrmServicesOptions): CrmServices {
  let services = perDatabase.get(options.db);
  if (!services) {
    services = createCrmServices(options);
    perDatabase.set(options.db, services);
  }
  return services;
}
