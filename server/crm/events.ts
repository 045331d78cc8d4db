import { recordEventMatches, type RecordEventPayload } from '../../nodes/trigger/record-event';
import type { Logger } from '../../runtime/ports/logger';
import type { RecordTriggerIndex, WorkflowRunStarter } from './run-starter';

/**
 * How many record events may chain: a change made by a person is depth 0, a change made by a
 * workflow started by a depth-n event is depth n+1. Past the limit nothing is started, so a
 * workflow that edits the record that triggered it (or two that edit each other's) stops.
 */
export const MAX_RECORD_EVENT_DEPTH = 3;

/** One start (or refusal) the dispatcher made, for tests and the logs. */
export interface DispatchedRun {
  workflowId: string;
  nodeId: string;
  runId: string | undefined;
  reason?: string;
}

/**
 * Starts the workflows whose record-event trigger matches a change: same for changes from the API,
 * the records screens and other workflows (the depth guard stops loops).
 */
export class RecordEventDispatcher {
  constructor(
    private readonly deps: {
      triggers: RecordTriggerIndex;
      logger: Logger;
      starter: () => WorkflowRunStarter | undefined;
    },
  ) {}

  async dispatch(payload: RecordEventPayload): Promise<DispatchedRun[]> {
    if (payload.eventDepth >= MAX_RECORD_EVENT_DEPTH) {
      this.deps.logger.warn('record event not dispatched: too deep a chain of workflow changes', {
        recordId: payload.recordId,
        change: payload.change,
        depth: payload.eventDepth,
      });
      return [];
    }
    const triggers = await this.deps.triggers.active();
    const started: DispatchedRun[] = [];
    for (const trigger of triggers) {
      let matches: boolean;
      try {
        matches = recordEventMatches({ config: trigger.config, payload });
      } catch (error) {
        // A criteria template that cannot render is the workflow's problem, not the change's.
        this.deps.logger.warn('record event criteria failed', {
          workflowId: trigger.workflowId,
          nodeId: trigger.nodeId,
          error: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      if (!matches) continue;
      const starter = this.deps.starter();
      if (!starter) {
        this.deps.logger.warn('record event matched but no run service is wired', {
          workflowId: trigger.workflowId,
        });
        started.push({
          workflowId: trigger.workflowId,
          nodeId: trigger.nodeId,
          runId: undefined,
          reason: 'no_run_service',
        });
        continue;
      }
      const result = await starter.startWorkflowRun({
        workflowId: trigger.workflowId,
        triggerNodeId: trigger.nodeId,
        payload,
      });
      started.push({
        workflowId: trigger.workflowId,
        nodeId: trigger.nodeId,
        runId: result.runId,
        ...(result.runId === undefined ? { reason: result.reason } : {}),
      });
    }
    return started;
  }
}
