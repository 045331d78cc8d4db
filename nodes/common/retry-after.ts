/**
 * An HTTP `Retry-After` value in ms from `now`: delay-seconds or an HTTP date. Undefined when the
 * header is absent or unreadable; a date already past gives 0.
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
