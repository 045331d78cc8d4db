import type { ChangeSource } from '../db/models/crm/index';

/**
 * Who makes a change and from where. `eventDepth` is the record-event depth the change happens at:
 * 0 for a person (API, screens), the triggering event's depth + 1 for a workflow.
 */
export interface CrmActor {
  userId: string | null;
  label: string;
  source: ChangeSource;
  runId?: string;
  workflowId?: string;
  eventDepth: number;
}

/** A person acting through the API or the records screens. */
export function userActor(options: { id: string; email: string; source?: 'api' | 'ui' }): CrmActor {
  return { userId: options.id, label: options.email, source: options.source ?? 'api', eventDepth: 0 };
}

/** The CLI / sample loader. */
export const SYSTEM_ACTOR: CrmActor = { userId: null, label: 'musubi', source: 'sample', eventDepth: 0 };
