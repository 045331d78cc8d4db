import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import type { Language } from '../../runtime/model/localized';
import type { CallEvent, MatchModule } from '../../runtime/ports/telephony';
import { callMemo, callSubject } from '../../nodes/telephony/format';
import { sealSecret } from '../crypto/secret-box';
import type { Database } from '../db/index';
import type { ConnectionModel } from '../db/models/crm/index';
import type { TelephonyCallModel } from '../db/models/telephony/index';
import { createTelephonyAdapter } from './adapter';
import { toE164 } from './phone';

/** Receiving call events, the telephony connection's token, and resolving several matches. */

export const TELEPHONY_CONNECTION_TYPE = 'telephony';
export const TELEPHONY_TOKEN_HEADER = 'x-musubi-telephony-token';

export const CALL_EVENT_SCHEMA = Type.Object(
  {
    callId: Type.String({ minLength: 1, maxLength: 200 }),
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('internal')]),
    from: Type.String({ maxLength: 50 }),
    to: Type.String({ maxLength: 50 }),
    startedAt: Type.String({ format: 'date-time' }),
    answered: Type.Boolean(),
    durationSec: Type.Integer({ minimum: 0, maximum: 86_400 }),
    user: Type.Optional(Type.String({ maxLength: 320 })),
    recordingUrls: Type.Optional(
      Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 50 }),
    ),
    voicemailUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CallEventInput = Static<typeof CALL_EVENT_SCHEMA>;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new random token for a telephony connection. */
export function newTelephonyToken(): string {
  return `tel_${randomBytes(24).toString('base64url')}`;
}

/** Stores the token on the connection: its hash to check calls, sealed to show it again. */
export async function setTelephonyToken(options: {
  row: ConnectionModel;
  token: string;
  secretKey: Buffer;
}): Promise<void> {
  const { row, token } = options;
  await row.update({
    settings: { ...row.settings, tokenHash: hashToken(token) },
    credentials: sealSecret({
      key: options.secretKey,
      plaintext: JSON.stringify({ token }),
      aad: `connection:${row.id}`,
    }),
  });
}

/** The enabled telephony connection this token belongs to. */
export async function connectionByToken(db: Database, token: string): Promise<ConnectionModel | undefined> {
  const wanted = Buffer.from(hashToken(token), 'hex');
  const rows = await db.models.Connection.findAll({
    where: { type: TELEPHONY_CONNECTION_TYPE, status: 'enabled' },
  });
  return rows.find((row) => {
    const stored = row.settings.tokenHash;
    return (
      typeof stored === 'string' &&
      stored.length === 64 &&
      timingSafeEqual(Buffer.from(stored, 'hex'), wanted)
    );
  });
}

/** The call as trigger.call_ended hands it on. */
export function callPayload(row: TelephonyCallModel): CallEvent & { connectionId: string } {
  return {
    id: row.id,
    connectionId: row.connectionId,
    callId: row.callId,
    direction: row.direction,
    from: row.fromNumber,
    to: row.toNumber,
    startedAt: row.startedAt.toISOString(),
    answered: row.answered,
    durationSec: row.durationSec,
    recordingUrls: row.recordingUrls,
    ...(row.userRef ? { user: row.userRef } : {}),
    ...(row.voicemailUrl ? { voicemailUrl: row.voicemailUrl } : {}),
  };
}

/** Stores a call event; a repeat of the call id (same connection) updates the row. */
export async function receiveCall(options: {
  db: Database;
  connectionId: string;
  input: CallEventInput;
}): Promise<{ row: TelephonyCallModel; created: boolean }> {
  const { db, input } = options;
  const other = input.direction === 'outbound' ? input.to : input.from;
  const values = {
    direction: input.direction,
    fromNumber: input.from,
    toNumber: input.to,
    otherE164: toE164(other) ?? null,
    startedAt: new Date(input.startedAt),
    answered: input.answered,
    durationSec: input.durationSec,
    userRef: input.user ?? null,
    recordingUrls: input.recordingUrls ?? [],
    voicemailUrl: input.voicemailUrl ?? null,
  };
  return db.sequelize.transaction(async (transaction) => {
    const existing = await db.models.TelephonyCall.findOne({
      where: { connectionId: options.connectionId, callId: input.callId },
      transaction,
    });
    if (existing) {
      await existing.update({ ...values, eventCount: existing.eventCount + 1 }, { transaction });
      return { row: existing, created: false };
    }
    const row = await db.models.TelephonyCall.create(
      {
        id: randomUUID(),
        connectionId: options.connectionId,
        callId: input.callId,
        ...values,
        status: 'received',
        candidates: [],
        eventCount: 1,
      },
      { transaction },
    );
    return { row, created: true };
  });
}

export class ResolveError extends Error {
  constructor(
    readonly code: 'call_not_found' | 'record_not_found' | 'not_pending',
    message: string,
  ) {
    super(message);
  }
}

const MATCHABLE: readonly string[] = ['contacts', 'leads', 'companies'];

function isMatchModule(value: string): value is MatchModule {
  return MATCHABLE.includes(value);
}

/**
 * A person picked the record for a call with several matches: the call is logged against it, and
 * the choice is remembered for the number so the next calls match it at once.
 */
export async function resolveCall(options: {
  db: Database;
  callRecordId: string;
  recordId: string;
  chosenBy: string | null;
  language: Language;
  timeZone: string;
}): Promise<{ taskId: string }> {
  const { db } = options;
  const call = await db.models.TelephonyCall.findByPk(options.callRecordId);
  if (!call) throw new ResolveError('call_not_found', 'There is no such call.');
  if (call.status !== 'multiple_matches' && call.status !== 'no_match') {
    throw new ResolveError(
      'not_pending',
      `The call is ${call.status}; only a call with several or no matches waits for a choice.`,
    );
  }
  const record = await db.models.CrmRecord.findByPk(options.recordId);
  if (!record || !isMatchModule(record.module))
    throw new ResolveError('record_not_found', 'There is no such contact, lead or company.');
  if (call.otherE164) {
    await db.models.PhoneChoice.upsert({
      phoneE164: call.otherE164,
      recordModule: record.module,
      recordId: record.id,
      chosenBy: options.chosenBy,
    });
  }
  const event = callPayload(call);
  return createTelephonyAdapter({ db }).logCall({
    call: event,
    match: { module: record.module, id: record.id, name: record.name },
    subject: callSubject(event, options.language),
    memo: callMemo(event, { language: options.language, timeZone: options.timeZone }),
  });
}
