import { isRecord } from '../../runtime/engine/registry';

/** Where the Slack Web API lives; tests point it at the emulator. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** The answer of one Web API call, sorted the way the connector acts on it. */
export type SlackCallResult =
  | { kind: 'ok'; body: Record<string, unknown> }
  | { kind: 'error'; error: string; body: Record<string, unknown> }
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'unreachable'; message: string };

/** Errors that will not go away by trying again: recorded on the connection, not retried. */
export const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_blocks',
  'invalid_arguments',
  'invalid_form_data',
  'invalid_charset',
]);

/** Errors that say the token itself is bad: the whole workspace needs attention. */
export const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked']);

export interface SlackWebApi {
  call(options: { token?: string; method: string; args: Record<string, unknown> }): Promise<SlackCallResult>;
}

/**
 * A Web API client: arguments go form-encoded (every method accepts that; arrays and objects such
 * as `blocks` JSON-encoded inside, as Slack expects), the bot token as a Bearer header.
 */
export function createSlackWebApi(options: { baseUrl?: string; timeoutMs?: number } = {}): SlackWebApi {
  const base = (options.baseUrl ?? DEFAULT_SLACK_API_URL).replace(/\/?$/, '/');
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async call({ token, method, args }) {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(args)) {
        if (value === undefined || value === null) continue;
        form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await fetch(`${base}${method}`, {
          method: 'POST',
          headers,
          body: form.toString(),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
      }
      if (response.status === 429) {
        return { kind: 'rate_limited', retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (!isRecord(body)) {
        return { kind: 'unreachable', message: `Slack answered HTTP ${response.status} without JSON` };
      }
      if (body.ok === true) return { kind: 'ok', body };
      const error = typeof body.error === 'string' ? body.error : 'unknown_error';
      if (error === 'ratelimited' || error === 'rate_limited') {
        return { kind: 'rate_limited', retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
      }
      return { kind: 'error', error, body };
    },
  };
}

/** Retry-After in seconds (Slack sends whole seconds); one second when missing or unreadable. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) * 1000 : 1000;
}
