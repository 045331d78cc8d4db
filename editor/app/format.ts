import type { Language } from '../../runtime/model/localized';

const DEFAULT_TIME_ZONE = 'Asia/Tokyo';
let workspaceTimeZone_ = DEFAULT_TIME_ZONE;

/** Sets the workspace time zone every date is shown in (SPEC §1). */
export function setWorkspaceTimeZone(timeZone: string | undefined): void {
  workspaceTimeZone_ = timeZone && isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The time zone dates are shown in. */
export function workspaceTimeZone(): string {
  return workspaceTimeZone_;
}

/** A date (ISO string or ms) in the workspace time zone, e.g. `2026/05/01 09:30`. */
export function formatDate(value: string | number | null | undefined, lang: Language): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: workspaceTimeZone_,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/** A duration in ms, seconds or minutes as fits. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
