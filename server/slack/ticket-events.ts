import type { RecordEventPayload } from '../../nodes/trigger/record-event';
import type { Database } from '../db/index';
import type { SlackDesk } from './desk';
import type { TicketEvent } from './messages';
import type { SlackEvent } from './settings';

/**
 * Which Slack events a change of a ticket record raises: created; assigned (agent changed);
 * status changed (stage moved), and closed as well when the new stage closes the ticket;
 * rating received (a `rating` field, or the pipeline's `rating` custom field, set). Comments
 * added from Slack raise comment added where they are made (commands.ts); a stage entered with
 * delayed automations raises upcoming transition.
 */
export async function ticketEventsOf(options: {
  payload: RecordEventPayload;
  db: Database;
  desk: SlackDesk;
}): Promise<TicketEvent[]> {
  const { payload } = options;
  if (payload.module !== 'tickets' || payload.change === 'deleted') return [];
  const ticket = await options.desk.snapshotById(payload.recordId);
  if (!ticket) return [];
  const actor = payload.actor.label;
  if (payload.change === 'created') return [{ event: 'ticket_created', ticket, actor }];
  const kinds: SlackEvent[] = [];
  const changed = new Set(payload.changedFields);
  const events: TicketEvent[] = [];
  if (changed.has('agentId') && ticket.agentName) kinds.push('ticket_assigned');
  if (payload.toStageId && payload.fromStageId !== payload.toStageId) {
    const { CrmStage } = options.db.models;
    const [to, from] = await Promise.all([
      CrmStage.findByPk(payload.toStageId),
      payload.fromStageId ? CrmStage.findByPk(payload.fromStageId) : null,
    ]);
    events.push({ event: 'status_changed', ticket, actor, ...(from ? { previousStatus: from.name } : {}) });
    if (to?.outcome === 'closed') kinds.push('ticket_closed');
  }
  const custom = payload.record.customFields;
  const customRating =
    typeof custom === 'object' && custom !== null && 'rating' in custom ? custom.rating : null;
  const rating = changed.has('rating') ? payload.record.rating : customRating;
  const rated = changed.has('rating') || changed.has('customFields.rating');
  if (rated && (typeof rating === 'string' || typeof rating === 'number')) {
    events.push({ event: 'rating_received', ticket, actor, rating: String(rating) });
  }
  for (const event of kinds) events.push({ event, ticket, actor });
  return [...events, ...(await upcomingOf(options.db, payload, ticket, actor))];
}

/**
 * Upcoming transitions: the delayed stage automations the ticket's new stage scheduled (the CRM's
 * own listener writes their timers before Slack hears of the change). One message per automation,
 * naming its workflow and when it runs.
 */
async function upcomingOf(
  db: Database,
  payload: RecordEventPayload,
  ticket: TicketEvent['ticket'],
  actor: string,
): Promise<TicketEvent[]> {
  if (!payload.toStageId || payload.fromStageId === payload.toStageId) return [];
  const { CrmAutomationTimer, CrmStageAutomation, Workflow } = db.models;
  const at = Date.parse(payload.occurredAt);
  const timers = await CrmAutomationTimer.findAll({
    where: { recordId: payload.recordId, stageId: payload.toStageId, status: 'pending' },
    order: [['dueAt', 'ASC']],
  });
  const events: TicketEvent[] = [];
  for (const timer of timers) {
    if (!(timer.dueAt > at)) continue;
    const automation = await CrmStageAutomation.findByPk(timer.automationId);
    const workflow = automation ? await Workflow.findByPk(automation.workflowId) : null;
    events.push({
      event: 'stage_upcoming',
      ticket,
      actor,
      upcoming: {
        stage: workflow?.name ?? automation?.workflowId ?? timer.automationId,
        dueAt: new Date(timer.dueAt).toISOString(),
      },
    });
  }
  return events;
}
