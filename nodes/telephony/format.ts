import { isRecord } from '../../runtime/engine/registry';
import type { Language, Localized } from '../../runtime/model/localized';
import type { CallDirection, CallEvent } from '../../runtime/ports/telephony';

/** How a call's to-do reads: subject `通話 - 発信 / (2)分` and a memo with the call's details. */

const DIRECTION_NAMES: Record<CallDirection, Localized> = {
  inbound: { ja: '着信', en: 'Inbound' },
  outbound: { ja: '発信', en: 'Outbound' },
  internal: { ja: '内線', en: 'Internal' },
};

/** Whole minutes, rounded up: a 61-second call is 2 minutes. */
export function callMinutes(durationSec: number): number {
  return Math.ceil(Math.max(0, durationSec) / 60);
}

/** `通話 - 発信 / (2)分` or `Call - Outbound / (2) min`. */
export function callSubject(call: Pick<CallEvent, 'direction' | 'durationSec'>, language: Language): string {
  const direction = DIRECTION_NAMES[call.direction][language];
  const minutes = callMinutes(call.durationSec);
  return language === 'ja'
    ? `通話 - ${direction} / (${minutes})分`
    : `Call - ${direction} / (${minutes}) min`;
}

/** The call's date and time in the run's time zone (`2026-11-22 09:05`). */
export function callDate(startedAt: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(startedAt));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Direction, duration in seconds, date, recording and voicemail links, one per line. */
export function callMemo(call: CallEvent, options: { language: Language; timeZone: string }): string {
  const ja = options.language === 'ja';
  const lines = [
    `${ja ? '種別' : 'Direction'}: ${DIRECTION_NAMES[call.direction][options.language]}`,
    `${ja ? '通話時間' : 'Duration'}: ${call.durationSec}${ja ? '秒' : ' s'}`,
    `${ja ? '日時' : 'Date'}: ${callDate(call.startedAt, options.timeZone)}`,
  ];
  call.recordingUrls.forEach((url, index) => {
    const label = call.recordingUrls.length > 1 ? ` ${index + 1}` : '';
    lines.push(`${ja ? '録音' : 'Recording'}${label}: ${url}`);
  });
  if (call.voicemailUrl) lines.push(`${ja ? '留守番電話' : 'Voicemail'}: ${call.voicemailUrl}`);
  return lines.join('\n');
}

/** The other party's number: the caller of an inbound call, the callee of an outbound one. */
export function otherParty(call: Pick<CallEvent, 'direction' | 'from' | 'to'>): string {
  return call.direction === 'outbound' ? call.to : call.from;
}

const DIRECTIONS: readonly string[] = ['inbound', 'outbound', 'internal'];

function isDirection(value: unknown): value is CallDirection {
  return typeof value === 'string' && DIRECTIONS.includes(value);
}

/** The call of a trigger payload, or undefined when it is not one. */
export function readCallEvent(value: unknown): CallEvent | undefined {
  if (!isRecord(value)) return undefined;
  const { id, callId, direction, from, to, startedAt, answered, durationSec } = value;
  if (typeof id !== 'string' || typeof callId !== 'string' || !isDirection(direction)) return undefined;
  if (typeof from !== 'string' || typeof to !== 'string' || typeof startedAt !== 'string') return undefined;
  if (typeof answered !== 'boolean' || typeof durationSec !== 'number') return undefined;
  const recordings = Array.isArray(value.recordingUrls)
    ? value.recordingUrls.filter((url) => typeof url === 'string')
    : [];
  return {
    id,
    callId,
    direction,
    from,
    to,
    startedAt,
    answered,
    durationSec,
    recordingUrls: recordings,
    ...(typeof value.user === 'string' ? { user: value.user } : {}),
    ...(typeof value.voicemailUrl === 'string' ? { voicemailUrl: value.voicemailUrl } : {}),
  };
}
