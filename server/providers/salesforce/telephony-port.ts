import { isRecord } from '../../../runtime/engine/registry';
import type { CallDirection, MatchModule, PhoneMatch, TelephonyPort } from '../../../runtime/ports/telephony';
import { scalarText } from '../http';
import type { SalesforceConnector } from './connector';
import { salesforceError, salesforceGuarded } from './errors';
import type { SalesforceSession } from './session';

/** Musubi's record modules and the Salesforce objects they stand for in a phone match. */
const OBJECTS: Record<MatchModule, string> = { contacts: 'Contact', leads: 'Lead', companies: 'Account' };
const CALL_TYPES: Record<CallDirection, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  internal: 'Internal',
};

/** The digits SOSL searches phone fields with; +81 numbers in their national form (0…). */
export function soslPhoneDigits(phone: string): string {
  const digits = phone.normalize('NFKC').replace(/\D/g, '');
  return phone.trim().startsWith('+81') ? `0${digits.slice(2)}` : digits;
}

/**
 * The telephony port on a Salesforce connection (seed-spec §2.8): phone match by SOSL, calls
 * logged as completed Tasks (TaskSubtype Call, CallObject = the call id) and to-dos as open Tasks.
 * What became of a call stays on Musubi's own call record (`local.setCallStatus`).
 */
export function createSalesforceTelephonyPort(options: {
  connector: SalesforceConnector;
  connectionId: string;
  local: Pick<TelephonyPort, 'setCallStatus'>;
}): TelephonyPort {
  const session = () => options.connector.session(options.connectionId);
  return {
    matchPhone: ({ phone, order }) =>
      salesforceGuarded(async () => {
        const digits = soslPhoneDigits(phone);
        if (digits.length < 4) return { matches: [], remembered: false };
        const returning = order.map((module) => `${OBJECTS[module]}(Id,Name)`).join(', ');
        const q = `FIND {${digits}} IN PHONE FIELDS RETURNING ${returning}`;
        const sf = await session();
        const answer = await sf.call({ method: 'GET', path: `/search/?q=${encodeURIComponent(q)}` });
        if (answer.status !== 200) throw salesforceError(answer);
        const rows =
          isRecord(answer.body) && Array.isArray(answer.body.searchRecords) ? answer.body.searchRecords : [];
        for (const module of order) {
          const matches: PhoneMatch[] = rows
            .filter(isRecord)
            .filter((row) => isRecord(row.attributes) && row.attributes.type === OBJECTS[module])
            .map((row) => ({ module, id: scalarText(row.Id, ''), name: scalarText(row.Name, '') }));
          if (matches.length > 0) return { matches, remembered: false };
        }
        return { matches: [], remembered: false };
      }),

    logCall: ({ call, match, subject, memo }) =>
      salesforceGuarded(async () => {
        const sf = await session();
        const fields: Record<string, unknown> = {
          Subject: subject.slice(0, 255),
          Description: memo.slice(0, 32_000),
          Status: 'Completed',
          CallType: CALL_TYPES[call.direction],
          CallDurationInSeconds: Math.round(call.durationSec),
          CallObject: call.callId.slice(0, 255),
          ActivityDate: call.startedAt.slice(0, 10),
          ...(match ? linkTo(match) : {}),
        };
        const existing = await taskOfCall(sf, call.callId);
        if (existing) {
          const answer = await sf.call({ method: 'PATCH', path: `/sobjects/Task/${existing}`, json: fields });
          if (answer.status !== 204 && answer.status !== 200) throw salesforceError(answer);
          return { taskId: existing };
        }
        return { taskId: await createTask(sf, { ...fields, TaskSubtype: 'Call' }) };
      }),

    setCallStatus: (status) => options.local.setCallStatus(status),

    createTodo: ({ subject, memo, contactId, dueDate, callId, owner }) =>
      salesforceGuarded(async () => {
        const sf = await session();
        const fields: Record<string, unknown> = {
          Subject: subject.slice(0, 255),
          Description: memo.slice(0, 32_000),
          Status: 'Not Started',
          ...(contactId ? { WhoId: contactId } : {}),
          ...(dueDate ? { ActivityDate: dueDate } : {}),
          ...(callId ? { CallObject: callId.slice(0, 255), TaskSubtype: 'Call' } : {}),
          ...(owner && /^005/.test(owner) ? { OwnerId: owner } : {}),
        };
        return { taskId: await createTask(sf, fields), status: 'open' as const };
      }),
  };
}

/** Contacts and leads are the Task's "who"; an account is its "what". */
function linkTo(match: PhoneMatch): Record<string, string> {
  return match.module === 'companies' ? { WhatId: match.id } : { WhoId: match.id };
}

async function createTask(sf: SalesforceSession, fields: Record<string, unknown>): Promise<string> {
  const answer = await sf.call({ method: 'POST', path: '/sobjects/Task/', json: fields });
  if (answer.status !== 201 || !isRecord(answer.body) || typeof answer.body.id !== 'string') {
    throw salesforceError(answer);
  }
  return answer.body.id;
}

/** The Task already standing for this call (a to-do made while it ran, or an earlier log). */
async function taskOfCall(sf: SalesforceSession, callId: string): Promise<string | undefined> {
  const soql = `SELECT Id FROM Task WHERE CallObject = '${callId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' ORDER BY CreatedDate LIMIT 1`;
  const answer = await sf.call({ method: 'GET', path: `/query/?q=${encodeURIComponent(soql)}` });
  if (answer.status !== 200) throw salesforceError(answer);
  const first =
    isRecord(answer.body) && Array.isArray(answer.body.records)
      ? answer.body.records.find(isRecord)
      : undefined;
  return first && typeof first.Id === 'string' ? first.Id : undefined;
}
