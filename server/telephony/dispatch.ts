import { isRecord } from '../../runtime/engine/registry';
import type { Execution } from '../execution/facade';
import type { CallEndedListener } from '../routes/telephony';
import { callListeners } from './listeners';

/**
 * Starts every active workflow whose trigger is `trigger.call_ended` (for this connection, or for
 * any when the trigger names none). A repeat of the same call event starts again: log_call and the
 * kintone call history update what the first run wrote instead of adding to it.
 */
export function callEndedDispatcher(execution: Execution): CallEndedListener {
  return async (event) => {
    // Integrations (kintone call history …) talk to other systems: the phone system is not kept
    // waiting for them, and their failures are recorded on their own rows.
    for (const listener of callListeners(execution)) {
      void listener(event).catch((error: unknown) =>
        execution.context.logger.warn('call listener failed', { error: String(error) }),
      );
    }
    const active = await execution.context.workflows.active();
    for (const workflow of active) {
      for (const node of workflow.document.nodes) {
        if (node.type !== 'trigger.call_ended' || node.disabled === true) continue;
        const wanted =
          isRecord(node.config) && typeof node.config.connectionId === 'string'
            ? node.config.connectionId
            : '';
        if (wanted !== '' && wanted !== event.connectionId) continue;
        await execution.startWorkflowRun({
          workflowId: workflow.workflowId,
          triggerNodeId: node.id,
          payload: event,
        });
      }
    }
  };
}
