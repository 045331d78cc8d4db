import { isRecord } from '../../../runtime/engine/registry';
import { scalarText } from '../http';
import { unexpectedAnswer } from './errors';
import type { MappedModule, ZohoField } from './field-mapping';
import type { ZohoSession } from './session';

/** What the node forms pick from on a Zoho connection: Desk departments, Campaigns lists, CRM fields. */
export const ZOHO_PICK_LISTS = ['departments', 'lists', 'fields'] as const;
export type ZohoPickList = (typeof ZOHO_PICK_LISTS)[number];

export interface PickItem {
  id: string;
  label: string;
  /** Departments: switched on; fields: mandatory in the module. */
  flag?: boolean;
}

const FIELD_MODULES = ['Leads', 'Contacts', 'Deals'];

/** Reads one pick list; `module` chooses the CRM module for `fields` (Leads when not given). */
export async function readZohoPickList(
  session: ZohoSession,
  input: { list: ZohoPickList; module?: string },
): Promise<PickItem[]> {
  if (input.list === 'departments') {
    const answer = await session.call({
      service: 'desk',
      method: 'GET',
      path: '/api/v1/departments?limit=200',
    });
    if (answer.status !== 200) throw unexpectedAnswer('Zoho Desk', answer);
    return rows(answer.body, 'data').map((row) => ({
      id: scalarText(row.id, ''),
      label: scalarText(row.name, ''),
      flag: row.isEnabled !== false,
    }));
  }
  if (input.list === 'lists') {
    const answer = await session.call({
      service: 'campaigns',
      method: 'GET',
      path: '/api/v1.1/getmailinglists?resfmt=JSON&range=200',
    });
    if (answer.status !== 200) throw unexpectedAnswer('Zoho Campaigns', answer);
    return rows(answer.body, 'list_of_details').map((row) => ({
      id: scalarText(row.listkey, ''),
      label: scalarText(row.listname, ''),
    }));
  }
  const module = FIELD_MODULES.find((candidate) => candidate === input.module) ?? 'Leads';
  const answer = await session.call({
    service: 'crm',
    method: 'GET',
    path: `/crm/v7/settings/fields?module=${module}`,
  });
  if (answer.status !== 200) throw unexpectedAnswer('Zoho CRM', answer);
  return rows(answer.body, 'fields').map((row) => ({
    id: scalarText(row.api_name, ''),
    label: scalarText(row.field_label, ''),
    flag: row.system_mandatory === true,
  }));
}

function rows(body: unknown, key: string): Array<Record<string, unknown>> {
  const list = isRecord(body) ? body[key] : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** A CRM module's fields with their data types, for the field mapping (fields metadata API). */
export async function readZohoFields(session: ZohoSession, module: MappedModule): Promise<ZohoField[]> {
  const answer = await session.call({
    service: 'crm',
    method: 'GET',
    path: `/crm/v7/settings/fields?module=${module}`,
  });
  if (answer.status !== 200) throw unexpectedAnswer('Zoho CRM', answer);
  return rows(answer.body, 'fields').map((row) => ({
    apiName: scalarText(row.api_name, ''),
    label: scalarText(row.field_label, ''),
    mandatory: row.system_mandatory === true,
    dataType: scalarText(row.data_type, 'text'),
  }));
}
