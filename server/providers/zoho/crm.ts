import { isRecord } from '../../../runtime/engine/registry';
import type { CrmOutcome, CreatedRecord, DuplicateMatch, PersonModule } from '../../../runtime/ports/crm';
import { firstItem, scalarText } from '../http';
import { authGuarded, authTolerant, unexpectedAnswer } from './errors';
import type { ZohoSession } from './session';

/** Zoho CRM (seed-spec §2.4): leads, contacts and deals inserted through `/crm/v7/{module}`. */

const CRM_VERSION = 'v7';

const MODULES: Record<PersonModule | 'deals', string> = {
  leads: 'Leads',
  contacts: 'Contacts',
  deals: 'Deals',
};

/** Zoho field API names → the node's field, so a refusal points at what the user can change. */
const NODE_FIELDS: Record<string, string> = {
  Last_Name: 'name',
  First_Name: 'name',
  Full_Name: 'name',
  Email: 'email',
  Phone: 'phone',
  Company: 'company',
  Lead_Source: 'source',
  Owner: 'owner',
  Deal_Name: 'dealName',
  Stage: 'stageId',
  Pipeline: 'pipelineId',
  Closing_Date: 'closingDate',
  Amount: 'amount',
  Contact_Name: 'contactId',
};

/** An existing lead / contact with this e-mail, else this phone (the CRM search API). */
export async function findZohoDuplicate(
  session: ZohoSession,
  input: { module: PersonModule; email?: string; phone?: string },
): Promise<DuplicateMatch | undefined> {
  const criteria: Array<['email' | 'phone', string | undefined]> = [
    ['email', input.email],
    ['phone', input.phone],
  ];
  for (const [by, value] of criteria) {
    if (!value) continue;
    const answer = await authTolerant(
      () =>
        session.call({
          service: 'crm',
          method: 'GET',
          path: `/crm/${CRM_VERSION}/${MODULES[input.module]}/search?${by}=${encodeURIComponent(value)}`,
        }),
      undefined,
    );
    if (!answer || answer.status === 204) continue;
    if (answer.status !== 200) throw unexpectedAnswer('Zoho CRM', answer);
    const first = firstItem(answer.body, 'data');
    if (isRecord(first) && (typeof first.id === 'string' || typeof first.id === 'number')) {
      return { id: String(first.id), matchedBy: by };
    }
  }
  return undefined;
}

/** Inserts one record; per-record refusals come back naming the node's field. */
export async function insertZohoRecord(
  session: ZohoSession,
  input: { module: PersonModule | 'deals'; record: Record<string, unknown> },
): Promise<CrmOutcome<CreatedRecord>> {
  return authGuarded(async () => {
    const answer = await session.call({
      service: 'crm',
      method: 'POST',
      path: `/crm/${CRM_VERSION}/${MODULES[input.module]}`,
      json: { data: [input.record] },
    });
    const result = firstItem(answer.body, 'data');
    if (!isRecord(result)) throw unexpectedAnswer('Zoho CRM', answer);
    const details = isRecord(result.details) ? result.details : {};
    if (result.code === 'SUCCESS' && (typeof details.id === 'string' || typeof details.id === 'number')) {
      return { ok: true as const, id: String(details.id) };
    }
    return recordRefusal(result);
  });
}

function recordRefusal(result: Record<string, unknown>): CrmOutcome<CreatedRecord> {
  let error = result;
  const details = isRecord(result.details) ? result.details : {};
  if (
    result.code === 'MULTIPLE_OR_MULTI_ERRORS' &&
    Array.isArray(details.errors) &&
    isRecord(details.errors[0])
  ) {
    error = details.errors[0];
  }
  const errorDetails = isRecord(error.details) ? error.details : {};
  const apiName = typeof errorDetails.api_name === 'string' ? errorDetails.api_name : '(unknown)';
  const field = NODE_FIELDS[apiName] ?? apiName;
  const code = String(error.code);
  const zohoMessage = typeof error.message === 'string' ? error.message : code;
  if (code === 'DUPLICATE_DATA') {
    const duplicate = isRecord(errorDetails.duplicate_record) ? errorDetails.duplicate_record : {};
    const existing = scalarText(duplicate.id, '');
    return {
      ok: false,
      // Without the existing id there is nothing to continue with: then it is the input's fault.
      reason: existing === '' ? 'invalid_input' : 'duplicate',
      field,
      ...(existing === ''
        ? {}
        : { existing: { id: existing, matchedBy: /phone|mobile/i.test(apiName) ? 'phone' : 'email' } }),
      message: {
        ja: `Zoho CRM に同じ ${apiName} のレコードがあります（ID: ${existing}）。`,
        en: `Zoho CRM already has a record with this ${apiName} (id ${existing}).`,
      },
    };
  }
  if (code === 'MANDATORY_NOT_FOUND') {
    return {
      ok: false,
      reason: 'invalid_input',
      field,
      message: {
        ja: `Zoho CRM の必須項目 ${apiName} が空です。`,
        en: `Zoho CRM requires the field ${apiName}, which is empty.`,
      },
    };
  }
  return {
    ok: false,
    reason: 'invalid_input',
    field,
    message: {
      ja: `Zoho CRM が項目 ${apiName} の値を受け付けません（${code}: ${zohoMessage}）。`,
      en: `Zoho CRM refused the value of ${apiName} (${code}: ${zohoMessage}).`,
    },
  };
}
