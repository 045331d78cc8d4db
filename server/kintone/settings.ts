import { isRecord } from '../../runtime/engine/registry';

/** The customer app and the field codes of its mapped fields (the phone is required). */
export interface CustomerMapping {
  appId: string;
  fields: { phone: string; name?: string; company?: string; email?: string };
}

/**
 * The "notification events": which calls are written to the call-history app. Answered inbound
 * and outbound calls, missed (unanswered) ones, ones that left a voicemail, internal ones.
 */
export const CALL_EVENT_KINDS = ['inbound', 'outbound', 'missed', 'voicemail', 'internal'] as const;
export type CallEventKind = (typeof CALL_EVENT_KINDS)[number];
export const DEFAULT_CALL_EVENTS: readonly CallEventKind[] = ['inbound', 'outbound', 'missed', 'voicemail'];

function isEventKind(value: unknown): value is CallEventKind {
  return CALL_EVENT_KINDS.some((kind) => kind === value);
}

/** The optional call-history app: each call becomes a record there. */
export interface CallHistoryMapping {
  /** The calls written out (the notification events). */
  events: CallEventKind[];
  appId: string;
  fields: {
    phone: string;
    direction?: string;
    startedAt?: string;
    durationSec?: string;
    recordings?: string;
    user?: string;
    callId?: string;
  };
}

export interface KintoneSyncSettings {
  customer: CustomerMapping;
  /** Create a kintone record for an unknown caller (with at least the phone). */
  createCustomer: boolean;
  callHistory?: CallHistoryMapping;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function codes<K extends string>(raw: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (!isRecord(raw)) return out;
  for (const key of keys) {
    const value = text(raw[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Reads stored or posted settings; missing optional codes stay undefined ("left blank"). */
export function readSettings(raw: unknown): KintoneSyncSettings {
  const source = isRecord(raw) ? raw : {};
  const customer = isRecord(source.customer) ? source.customer : {};
  const customerFields = codes(customer.fields, ['phone', 'name', 'company', 'email'] as const);
  const settings: KintoneSyncSettings = {
    customer: {
      appId: text(customer.appId) ?? '',
      fields: { ...customerFields, phone: customerFields.phone ?? '' },
    },
    createCustomer: source.createCustomer === true,
  };
  if (isRecord(source.callHistory)) {
    const fields = codes(source.callHistory.fields, [
      'phone',
      'direction',
      'startedAt',
      'durationSec',
      'recordings',
      'user',
      'callId',
    ] as const);
    const events = source.callHistory.events;
    settings.callHistory = {
      events: Array.isArray(events) ? events.filter(isEventKind) : [...DEFAULT_CALL_EVENTS],
      appId: text(source.callHistory.appId) ?? '',
      fields: { ...fields, phone: fields.phone ?? '' },
    };
  }
  return settings;
}
