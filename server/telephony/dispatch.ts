import { isRecord } from '../../runtime/engine/registry';
import type { Execution } from '../execution/facade';
import type { CallEndedListener } from '../routes/telephony';

/**
 * Starts every active workflow whose trigger is `trigger.call_ended` (for this connection, or for
 * any when the trigger names none). A repeat of the same call event starts again: log_call and the
 * kintone call history update what the first run wrote instead of adding to it.
 */
export function callEndedDispatcher(execution: Execution): CallEndedListener {
  return async (event) => {
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
