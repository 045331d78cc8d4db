import { Type } from 'typebox';
import { valueToText } from '../../../runtime/engine/conditions';
import { isRecord } from '../../../runtime/engine/registry';
import type { Localized } from '../../../runtime/model/localized';
import type { DealInput, PersonInput } from '../../../runtime/ports/crm';

/**
 * The editable field mapping of a Zoho connection: per CRM module, which Zoho field (API name)
 * gets what. A source is text with placeholders: `{{ email }}` (the node's own fields),
 * `{{ vars.topic }}` (the run's variables), or fixed text. Kept in the connection's settings
 * (`fieldMapping`); a module without a mapping uses the built-in one (DEFAULT_MAPPINGS).
 */

export const MAPPED_MODULES = ['Leads', 'Contacts', 'Deals'] as const;
export type MappedModule = (typeof MAPPED_MODULES)[number];

export interface MappingEntry {
  apiName: string;
  source: string;
  /** Zoho's data type of the field when it was mapped (numbers and lookups are sent typed). */
  dataType?: string;
}

export const MAPPING_ENTRY = Type.Object(
  {
    apiName: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_$]+$' }),
    source: Type.String({ maxLength: 500 }),
    dataType: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** The node fields a source can name, per module (what the CRM nodes hand the port). */
export const SOURCE_FIELDS: Record<MappedModule, readonly string[]> = {
  Leads: ['name', 'company', 'email', 'phone', 'source', 'owner'],
  Contacts: ['name', 'company', 'email', 'phone', 'owner'],
  Deals: ['name', 'pipeline', 'stage', 'closingDate', 'amount', 'contactId', 'owner'],
};

/** What Musubi sends when nobody edited the mapping (the whole name goes to Last_Name). */
export const DEFAULT_MAPPINGS: Record<MappedModule, MappingEntry[]> = {
  Leads: [
    { apiName: 'Last_Name', source: '{{ name }}' },
    { apiName: 'Company', source: '{{ company }}' },
    { apiName: 'Email', source: '{{ email }}' },
    { apiName: 'Phone', source: '{{ phone }}' },
    { apiName: 'Lead_Source', source: '{{ source }}' },
    { apiName: 'Owner', source: '{{ owner }}', dataType: 'ownerlookup' },
  ],
  Contacts: [
    { apiName: 'Last_Name', source: '{{ name }}' },
    { apiName: 'Email', source: '{{ email }}' },
    { apiName: 'Phone', source: '{{ phone }}' },
    { apiName: 'Owner', source: '{{ owner }}', dataType: 'ownerlookup' },
  ],
  Deals: [
    { apiName: 'Deal_Name', source: '{{ name }}' },
    { apiName: 'Pipeline', source: '{{ pipeline }}' },
    { apiName: 'Stage', source: '{{ stage }}' },
    { apiName: 'Closing_Date', source: '{{ closingDate }}' },
    { apiName: 'Amount', source: '{{ amount }}', dataType: 'currency' },
    { apiName: 'Contact_Name', source: '{{ contactId }}', dataType: 'lookup' },
    { apiName: 'Owner', source: '{{ owner }}', dataType: 'ownerlookup' },
  ],
};

/** The mapping of a module from a connection's settings; the default when none was saved. */
export function mappingOf(settings: unknown, module: MappedModule): MappingEntry[] {
  const saved =
    isRecord(settings) && isRecord(settings.fieldMapping) ? settings.fieldMapping[module] : undefined;
  if (!Array.isArray(saved)) return DEFAULT_MAPPINGS[module];
  return saved.filter(isRecord).flatMap((entry) =>
    typeof entry.apiName === 'string' && typeof entry.source === 'string'
      ? [
          {
            apiName: entry.apiName,
            source: entry.source,
            ...(typeof entry.dataType === 'string' ? { dataType: entry.dataType } : {}),
          },
        ]
      : [],
  );
}

/** The node's values by source name. */
export function personSources(values: PersonInput): Record<string, unknown> {
  return { ...values };
}

export function dealSources(values: DealInput): Record<string, unknown> {
  return {
    name: values.name,
    pipeline: values.pipelineId,
    stage: values.stageId,
    closingDate: values.closingDate,
    amount: values.amount,
    contactId: values.contactId,
    owner: values.owner,
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** A source with its placeholders filled; unknown names become ''. */
export function renderSource(
  source: string,
  input: { fields: Record<string, unknown>; vars: Readonly<Record<string, unknown>> },
): string {
  return source
    .replace(PLACEHOLDER, (_, name: string) => {
      const value = name.startsWith('vars.') ? input.vars[name.slice(5)] : input.fields[name];
      return value === undefined || value === null ? '' : valueToText(value);
    })
    .trim();
}

const NUMERIC = new Set(['currency', 'double', 'integer', 'bigint', 'decimal', 'percent']);

/** The record to insert: each mapped field rendered; empty values are left out (Zoho keeps its default). */
export function mappedRecord(
  mapping: readonly MappingEntry[],
  input: { fields: Record<string, unknown>; vars: Readonly<Record<string, unknown>> },
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const entry of mapping) {
    const text = renderSource(entry.source, input);
    if (text === '') continue;
    const type = entry.dataType ?? '';
    if (type === 'ownerlookup') {
      // Zoho owners are user ids; an e-mail would be refused, so the org's default owner applies.
      if (/^\d+$/.test(text)) record[entry.apiName] = { id: text };
    } else if (type === 'lookup') {
      record[entry.apiName] = { id: text };
    } else if (NUMERIC.has(type) && Number.isFinite(Number(text.replace(/,/g, '')))) {
      record[entry.apiName] = Number(text.replace(/,/g, ''));
    } else if (type === 'boolean') {
      record[entry.apiName] = text === 'true';
    } else {
      record[entry.apiName] = text;
    }
  }
  return record;
}

/** A Zoho field as the mapping editor lists it. */
export interface ZohoField {
  apiName: string;
  label: string;
  mandatory: boolean;
  dataType: string;
}

/**
 * Problems of a mapping against the org's fields: a field Zoho does not have, a placeholder that
 * names no node field, and mandatory fields left unmapped. Empty when it can be saved.
 */
export function mappingProblems(input: {
  module: MappedModule;
  mapping: readonly MappingEntry[];
  fields: readonly ZohoField[];
}): Array<{ code: string; fields: string[]; message: Localized }> {
  const problems: Array<{ code: string; fields: string[]; message: Localized }> = [];
  const known = new Set(input.fields.map((field) => field.apiName));
  const unknown = input.mapping.filter((entry) => !known.has(entry.apiName)).map((entry) => entry.apiName);
  if (unknown.length > 0) {
    problems.push({
      code: 'unknown_field',
      fields: unknown,
      message: {
        ja: `Zoho CRM の ${input.module} に項目 ${unknown.join('、')} はありません。項目一覧から選び直してください。`,
        en: `Zoho CRM ${input.module} has no field ${unknown.join(', ')}. Pick the field again from the list.`,
      },
    });
  }
  const allowed = new Set(SOURCE_FIELDS[input.module]);
  const badSources = input.mapping.filter((entry) =>
    [...entry.source.matchAll(PLACEHOLDER)].some(
      ([, name = '']) => !name.startsWith('vars.') && !allowed.has(name),
    ),
  );
  if (badSources.length > 0) {
    problems.push({
      code: 'unknown_source',
      fields: badSources.map((entry) => entry.apiName),
      message: {
        ja: `${badSources.map((entry) => entry.apiName).join('、')} の値に使えない差し込みがあります。使えるのは {{ ${SOURCE_FIELDS[input.module].join(' }}・{{ ')} }} と {{ vars.変数名 }} です。`,
        en: `The value of ${badSources.map((entry) => entry.apiName).join(', ')} names something unknown. Use {{ ${SOURCE_FIELDS[input.module].join(' }}, {{ ')} }} or {{ vars.name }}.`,
      },
    });
  }
  const mapped = new Set(
    input.mapping.filter((entry) => entry.source.trim() !== '').map((entry) => entry.apiName),
  );
  const missing = input.fields.filter((field) => field.mandatory && !mapped.has(field.apiName));
  if (missing.length > 0) {
    const names = missing.map((field) => `${field.label} (${field.apiName})`);
    problems.push({
      code: 'mandatory_unmapped',
      fields: missing.map((field) => field.apiName),
      message: {
        ja: `Zoho CRM の ${input.module} の必須項目 ${names.join('、')} に値が割り当てられていません。割り当ててから保存してください。`,
        en: `The mandatory Zoho CRM ${input.module} field ${names.join(', ')} has no value mapped. Map it, then save.`,
      },
    });
  }
  return problems;
}
