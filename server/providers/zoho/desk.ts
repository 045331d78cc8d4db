import { isRecord } from '../../../runtime/engine/registry';
import type { CreatedTicket, CrmOutcome, PartyStatus, TicketInput } from '../../../runtime/ports/crm';
import { authGuarded, authTolerant, unexpectedAnswer } from './errors';
import type { ZohoSession } from './session';

/** Zoho Desk (seed-spec §2.5): departments, agents and tickets under the connection's orgId. */

const PRIORITIES: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** A department's state; a Desk that cannot be reached for auth reasons defers to the ticket call. */
export async function zohoDepartmentStatus(session: ZohoSession, departmentId: string): Promise<PartyStatus> {
  return partyStatus(session, `/api/v1/departments/${encodeURIComponent(departmentId)}`, (body) =>
    body.isEnabled === false ? 'disabled' : 'active',
  );
}

export async function zohoAgentStatus(session: ZohoSession, agentId: string): Promise<PartyStatus> {
  return partyStatus(session, `/api/v1/agents/${encodeURIComponent(agentId)}`, (body) =>
    body.status === 'DELETED' ? 'deleted' : body.status === 'DISABLED' ? 'disabled' : 'active',
  );
}

async function partyStatus(
  session: ZohoSession,
  path: string,
  read: (body: Record<string, unknown>) => PartyStatus,
): Promise<PartyStatus> {
  if (!/\/[\w%-]+$/.test(path)) return 'missing';
  const answer = await authTolerant(() => session.call({ service: 'desk', method: 'GET', path }), undefined);
  if (!answer) return 'active';
  if (answer.status === 404 || answer.status === 422) return 'missing';
  if (answer.status !== 200 || !isRecord(answer.body)) throw unexpectedAnswer('Zoho Desk', answer);
  return read(answer.body);
}

/** Creates a ticket; the contact is matched or created by Desk from its e-mail. */
export async function createZohoTicket(
  session: ZohoSession,
  values: TicketInput,
): Promise<CrmOutcome<CreatedTicket>> {
  return authGuarded(async () => {
    const contact = values.contact ?? {};
    const body: Record<string, unknown> = {
      subject: values.subject,
      ...(values.departmentId ? { departmentId: values.departmentId } : {}),
      ...(values.agentId ? { assigneeId: values.agentId } : {}),
      ...(values.description ? { description: values.description } : {}),
      ...(values.status ? { status: values.status } : {}),
      ...(values.priority && PRIORITIES[values.priority] ? { priority: PRIORITIES[values.priority] } : {}),
      ...(values.classification ? { classification: values.classification } : {}),
      ...(contact.email ? { email: contact.email } : {}),
      ...(contact.phone ? { phone: contact.phone } : {}),
      contact: {
        lastName: contact.name || contact.email || contact.phone || values.subject,
        ...(contact.email ? { email: contact.email } : {}),
        ...(contact.phone ? { phone: contact.phone } : {}),
      },
    };
    const answer = await session.call({
      service: 'desk',
      method: 'POST',
      path: '/api/v1/tickets',
      json: body,
    });
    const result = isRecord(answer.body) ? answer.body : {};
    if (
      (answer.status === 200 || answer.status === 201) &&
      (typeof result.id === 'string' || typeof result.id === 'number')
    ) {
      const number = Number(result.ticketNumber);
      return {
        ok: true as const,
        id: String(result.id),
        number: Number.isFinite(number) ? number : 0,
        contactId: typeof result.contactId === 'string' ? result.contactId : undefined,
      };
    }
    if (result.errorCode === 'INVALID_DATA' || result.errorCode === 'UNPROCESSABLE_ENTITY') {
      return ticketRefusal(result);
    }
    throw unexpectedAnswer('Zoho Desk', answer);
  });
}

const NODE_FIELDS: Record<string, string> = {
  '/subject': 'subject',
  '/description': 'description',
  '/status': 'status',
  '/priority': 'priority',
  '/classification': 'classification',
  '/email': 'contactEmail',
  '/phone': 'contactPhone',
  '/contact': 'contactEmail',
  '/contactId': 'contactEmail',
};

function ticketRefusal(result: Record<string, unknown>): CrmOutcome<CreatedTicket> {
  const errors = Array.isArray(result.errors) ? result.errors.filter(isRecord) : [];
  const first = errors[0] ?? {};
  const fieldName = typeof first.fieldName === 'string' ? first.fieldName : '(unknown)';
  const errorType = typeof first.errorType === 'string' ? first.errorType : 'invalid';
  if (fieldName === '/departmentId') {
    return {
      ok: false,
      reason: 'department_invalid',
      field: 'departmentId',
      message: {
        ja: `Zoho Desk が部門を受け付けません（${errorType}）。部門が無効か削除されています。`,
        en: `Zoho Desk refused the department (${errorType}): it is disabled, deleted or not given.`,
      },
    };
  }
  if (fieldName === '/assigneeId') {
    return {
      ok: false,
      reason: 'agent_invalid',
      field: 'agentId',
      message: {
        ja: `Zoho Desk が担当者を受け付けません（${errorType}）。`,
        en: `Zoho Desk refused the agent (${errorType}).`,
      },
    };
  }
  return {
    ok: false,
    reason: 'invalid_input',
    field: NODE_FIELDS[fieldName] ?? fieldName,
    message: {
      ja: `Zoho Desk が ${fieldName} を受け付けません（${errorType}）。`,
      en: `Zoho Desk refused ${fieldName} (${errorType}).`,
    },
  };
}
