import type { CallEvent } from '../../runtime/ports/telephony';
import type { Logger } from '../../runtime/ports/logger';
import { phoneForms } from '../../nodes/kintone/upsert-by-phone';
import { quoteValue, recordOf } from '../../nodes/kintone/shared';
import { joinRecordings } from '../../nodes/kintone/write-call-history';
import { otherParty } from '../../nodes/telephony/format';
import { isRecord } from '../../runtime/engine/registry';
import type { Database } from '../db/index';
import { toE164 } from '../telephony/phone';
import type { CallListener } from '../telephony/listeners';
import type { KintoneClient, KintoneClientOptions } from './client';
import { clientForConnection } from './connection';
import { readSettings } from './settings';
import type { CallEventKind, CallHistoryMapping, CustomerMapping } from './settings';

/** The notification events a call counts as: its direction when answered, else missed (+ voicemail). */
export function callKinds(call: Pick<CallEvent, 'direction' | 'answered' | 'voicemailUrl'>): CallEventKind[] {
  if (call.direction === 'internal') return ['internal'];
  if (call.answered) return [call.direction];
  return call.voicemailUrl ? ['missed', 'voicemail'] : ['missed'];
}

async function writeHistory(
  client: KintoneClient,
  mapping: CallHistoryMapping,
  event: Parameters<CallListener>[0],
) {
  const { fields } = mapping;
  const record = recordOf([
    { code: fields.phone, value: otherParty(event) },
    { code: fields.direction ?? '', value: event.direction },
    { code: fields.startedAt ?? '', value: event.startedAt },
    { code: fields.durationSec ?? '', value: String(event.durationSec) },
    // Several URLs (a call put on hold) in one single-line text: a Link field would refuse them.
    { code: fields.recordings ?? '', value: joinRecordings(event.recordingUrls) },
    { code: fields.user ?? '', value: event.user ?? '' },
  ]);
  if (fields.callId) {
    await client.request('PUT', '/k/v1/records.json', {
      app: mapping.appId,
      upsert: true,
      records: [{ updateKey: { field: fields.callId, value: event.callId }, record }],
    });
    return;
  }
  // Without a call-id field a repeat cannot find its record: only the first event is written.
  if (event.repeat) return;
  await client.request('POST', '/k/v1/record.json', { app: mapping.appId, record });
}

/** "Create customer": a number kintone does not know becomes a record, with what Musubi knows. */
async function createCustomerIfUnknown(options: {
  db: Database;
  client: KintoneClient;
  mapping: CustomerMapping;
  phone: string;
}): Promise<void> {
  const { client, mapping, phone } = options;
  if (!/\d/.test(phone)) return;
  const forms = phoneForms(phone).map(quoteValue).join(', ');
  const found = await client.request('GET', '/k/v1/records.json', {
    app: mapping.appId,
    query: `${mapping.fields.phone} in (${forms}) limit 1`,
  });
  if (isRecord(found) && Array.isArray(found.records) && found.records.length > 0) return;
  const e164 = toE164(phone);
  const contact = e164
    ? await options.db.models.CrmRecord.findOne({ where: { module: 'contacts', phoneE164: e164 } })
    : null;
  const company = contact && typeof contact.fields.company === 'string' ? contact.fields.company : '';
  const record = recordOf([
    { code: mapping.fields.phone, value: phone },
    { code: mapping.fields.name ?? '', value: contact?.name ?? '' },
    { code: mapping.fields.company ?? '', value: company },
    { code: mapping.fields.email ?? '', value: contact?.email ?? '' },
  ]);
  // Only what is known is sent: empty values are left out, so an unknown caller is just a phone.
  const known = Object.fromEntries(Object.entries(record).filter(([, field]) => field.value !== ''));
  await client.request('POST', '/k/v1/record.json', { app: mapping.appId, record: known });
}

/**
 * What a customer sync's checkboxes do on every call, without a workflow: "create call history"
 * writes the call (when it is one of the chosen notification events) to the call-history app, and
 * "create customer" adds an unknown number to the customer app. A switched-off connection or sync
 * writes nothing; a refusal is kept as the sync's last error.
 */
export function kintoneCallWriter(deps: {
  db: Database;
  secretKey: Buffer;
  logger: Logger;
  client?: Partial<KintoneClientOptions>;
}): CallListener {
  return async (event) => {
    const syncs = await deps.db.models.KintoneSync.findAll({ where: { enabled: true } });
    for (const sync of syncs) {
      const settings = readSettings(sync.settings);
      const history = settings.callHistory;
      const writeOut =
        history !== undefined && callKinds(event).some((kind) => history.events.includes(kind));
      const create = settings.createCustomer && event.direction !== 'internal' && !event.repeat;
      if (!writeOut && !create) continue;
      const found = await clientForConnection({
        db: deps.db,
        secretKey: deps.secretKey,
        connectionId: sync.connectionId,
        ...(deps.client ? { client: deps.client } : {}),
      });
      if (!found || found.row.status !== 'enabled') continue;
      try {
        if (create)
          await createCustomerIfUnknown({
            db: deps.db,
            client: found.client,
            mapping: settings.customer,
            phone: otherParty(event),
          });
        if (writeOut && history) await writeHistory(found.client, history, event);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.warn('kintone call write-out failed', { syncId: sync.id, callId: event.callId, message });
        await sync.update({ lastError: `Call ${event.callId}: ${message}` });
      }
    }
  };
}
