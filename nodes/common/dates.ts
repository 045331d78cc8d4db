/**
 * Date parsing for nodes. A date or time written without an offset means the wall clock of the
 * run's time zone (Asia/Tokyo by default), which is what a person typing "2026-11-22 10:00" means.
 */

const DATE_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for an IANA time zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `epoch`, in ms. */
function zoneOffsetMs(epoch: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epoch))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return wall - (epoch - (((epoch % 1000) + 1000) % 1000));
}

/** The instant at which the zone's wall clock shows `wall` (given as if it were UTC). */
function wallTimeToEpoch(wall: number, timeZone: string): number {
  const guess = wall - zoneOffsetMs(wall, timeZone);
  // Around a daylight-saving change the offset at the guess can differ: correct once.
  const offset = zoneOffsetMs(guess, timeZone);
  return wall - offset;
}

/**
 * A date-time as ms since the epoch: an ISO string (also with `/` and a space), a Date, or a number
 * of ms. Undefined when it is not a real date (2026-02-30 included). Throws a RangeError for an
 * unknown time zone.
 */
export function parseDateTime(value: unknown, timeZone: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  // NFKC makes full-width digits half-width; dashes and the minus sign people type become "-".
  const text = value
    .normalize('NFKC')
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-');
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const wall = Date.UTC(...fields) + Number(fraction.padEnd(3, '0').slice(0, 3));
  const back = new Date(wall);
  const same =
    back.getUTCFullYear() === fields[0] &&
    back.getUTCMonth() === fields[1] &&
    back.getUTCDate() === fields[2] &&
    back.getUTCHours() === fields[3] &&
    back.getUTCMinutes() === fields[4] &&
    back.getUTCSeconds() === fields[5];
  if (!same) return undefined;
  if (zone === undefined) return wallTimeToEpoch(wall, timeZone);
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(':', '');
  return wall - sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}
