import { request } from '../api/client';
import { isRecord, stringField } from '../api/guards';

/** A Zoho or Salesforce connection as the connections list shows it. */
export interface ProviderConnection {
  id: string;
  type: 'zoho' | 'salesforce';
  name: string;
  status: string;
  lastTest: { ok: boolean; message: string | null } | null;
}

export interface ZohoFieldRow {
  apiName: string;
  label: string;
  mandatory: boolean;
}

export interface ZohoMapping {
  module: string;
  fields: ZohoFieldRow[];
  mapping: Array<{ apiName: string; source: string }>;
  sources: string[];
}

function toConnection(value: unknown): ProviderConnection[] {
  if (!isRecord(value)) return [];
  const type = value.type;
  if (type !== 'zoho' && type !== 'salesforce') return [];
  const test = isRecord(value.lastTest) ? value.lastTest : undefined;
  return [
    {
      id: stringField(value, 'id') ?? '',
      type,
      name: stringField(value, 'name') ?? '',
      status: stringField(value, 'status') ?? 'enabled',
      lastTest: test ? { ok: test.ok === true, message: stringField(test, 'message') ?? null } : null,
    },
  ];
}

export async function fetchProviderConnections(): Promise<ProviderConnection[]> {
  const list = await request('/api/connections');
  const rows = isRecord(list) && Array.isArray(list.items) ? list.items : [];
  return rows.flatMap(toConnection);
}

export async function testProviderConnection(id: string): Promise<void> {
  await request(`/api/connections/${encodeURIComponent(id)}/test`, { method: 'POST' });
}

/** The provider's authorisation page for this connection. */
export async function startAuthorisation(id: string): Promise<string> {
  const answer = await request(`/api/connections/${encodeURIComponent(id)}/oauth/start`, { method: 'POST' });
  return isRecord(answer) ? (stringField(answer, 'url') ?? '') : '';
}

function toMapping(value: unknown): ZohoMapping {
  const body = isRecord(value) ? value : {};
  const list = (key: string) => (Array.isArray(body[key]) ? body[key].filter(isRecord) : []);
  return {
    module: stringField(body, 'module') ?? 'Leads',
    fields: list('fields').map((field) => ({
      apiName: stringField(field, 'apiName') ?? '',
      label: stringField(field, 'label') ?? '',
      mandatory: field.mandatory === true,
    })),
    mapping: list('mapping').map((entry) => ({
      apiName: stringField(entry, 'apiName') ?? '',
      source: stringField(entry, 'source') ?? '',
    })),
    sources: Array.isArray(body.sources) ? body.sources.filter((item) => typeof item === 'string') : [],
  };
}

export async function fetchZohoMapping(id: string, module: string): Promise<ZohoMapping> {
  return toMapping(
    await request(
      `/api/connections/${encodeURIComponent(id)}/zoho/mapping?module=${encodeURIComponent(module)}`,
    ),
  );
}

export async function saveZohoMapping(
  id: string,
  module: string,
  mapping: Array<{ apiName: string; source: string }>,
): Promise<ZohoMapping> {
  return toMapping(
    await request(`/api/connections/${encodeURIComponent(id)}/zoho/mapping`, {
      method: 'PUT',
      body: { module, mapping },
    }),
  );
}
