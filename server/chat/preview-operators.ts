import { isRecord } from '../../runtime/engine/registry';
import type { OperatorAssignment, OperatorRequest, OperatorsPort } from '../../runtime/ports/operators';
import type { Database } from '../db/index';
import type { SqlRunner } from '../execution/sql';
import { findOperator } from './ports';

/** What the trigger payload of a preview run carries (a retry of one copies it). */
export const PREVIEW_MARK = 'preview';

/** True when the run is the editor's preview of a draft bot (or a retry of one). */
export async function isPreviewRun(read: SqlRunner, runId: string): Promise<boolean> {
  const [row] = await read.all('SELECT mode, trigger FROM runs WHERE id = ?', [runId]);
  if (!row) return false;
  if (row.mode === 'preview') return true;
  try {
    const trigger: unknown = typeof row.trigger === 'string' ? JSON.parse(row.trigger) : row.trigger;
    return isRecord(trigger) && trigger[PREVIEW_MARK] === true;
  } catch {
    return false;
  }
}

/**
 * The operators port runs really get: a live conversation goes to an agent as before; a preview
 * only finds out who would take it and hands nothing over (no inbox entry, nobody notified), so
 * the bot goes on along the branch a live chat would take and the editor can say what happened.
 */
export function previewAwareOperators(deps: {
  live: OperatorsPort;
  db: Database;
  read: SqlRunner;
}): OperatorsPort {
  return {
    async forward(request: OperatorRequest): Promise<OperatorAssignment> {
      if (!(await isPreviewRun(deps.read, request.conversationId))) return deps.live.forward(request);
      const choice = await findOperator(deps.db, request);
      if (choice.status !== 'found') return choice;
      return {
        status: 'forwarded',
        agentId: choice.agentId,
        agentName: choice.agentName,
        departmentId: choice.departmentId,
      };
    },
  };
}
