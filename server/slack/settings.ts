import { isRecord } from '../../runtime/engine/registry';
import type { Language } from '../../runtime/model/localized';

/** The connection type of a Slack workspace in the `connections` table. */
export const SLACK_CONNECTION_TYPE = 'slack';

/** Ticket events a workspace can be told about, each with its own switch. */
export const SLACK_EVENTS = [
  'ticket_created',
  'ticket_assigned',
  'status_changed',
  'ticket_closed',
  'comment_added',
  'rating_received',
  'stage_upcoming',
] as const;
export type SlackEvent = (typeof SLACK_EVENTS)[number];

export type MappingMode = 'all' | 'per_department';

/** A permanent delivery error, kept on the connection until the next successful post. */
export interface DeliveryProblem {
  code: string;
  channel: string;
  at: number;
}

/** What a workspace keeps in `connections.settings` (nothing secret). */
export interface SlackSettings {
  teamId: string;
  teamName: string;
  botUserId: string;
  language: Language;
  mappingMode: MappingMode;
  toggles: Record<SlackEvent, boolean>;
  connectedBy: 'oauth' | 'token';
  lastError: DeliveryProblem | null;
}

/** What is sealed in `connections.credentials`. */
export interface SlackCredentials {
  botToken: string;
  signingSecret: string;
  clientId?: string;
  clientSecret?: string;
}

export const DEFAULT_TOGGLES: Record<SlackEvent, boolean> = {
  ticket_created: true,
  ticket_assigned: true,
  status_changed: true,
  ticket_closed: true,
  comment_added: false,
  rating_received: true,
  stage_upcoming: false,
};

/** Reads the stored settings, filling what an older row lacks. */
export function readSettings(value: unknown): SlackSettings {
  const raw = isRecord(value) ? value : {};
  const str = (key: string) => (typeof raw[key] === 'string' ? raw[key] : '');
  const toggles = { ...DEFAULT_TOGGLES };
  if (isRecord(raw.toggles)) {
    for (const event of SLACK_EVENTS) {
      const flag = raw.toggles[event];
      if (typeof flag === 'boolean') toggles[event] = flag;
    }
  }
  const lastError = isRecord(raw.lastError) ? raw.lastError : undefined;
  return {
    teamId: str('teamId'),
    teamName: str('teamName'),
    botUserId: str('botUserId'),
    language: raw.language === 'en' ? 'en' : 'ja',
    mappingMode: raw.mappingMode === 'per_department' ? 'per_department' : 'all',
    toggles,
    connectedBy: raw.connectedBy === 'oauth' ? 'oauth' : 'token',
    lastError:
      lastError && typeof lastError.code === 'string' && typeof lastError.channel === 'string'
        ? { code: lastError.code, channel: lastError.channel, at: Number(lastError.at) || 0 }
        : null,
  };
}

/** Reads opened credentials JSON; throws when a field is missing (a damaged row). */
export function readCredentials(json: string): SlackCredentials {
  const raw: unknown = JSON.parse(json);
  if (!isRecord(raw) || typeof raw.botToken !== 'string' || typeof raw.signingSecret !== 'string') {
    throw new Error('The Slack credentials of this workspace are incomplete; connect it again.');
  }
  const credentials: SlackCredentials = { botToken: raw.botToken, signingSecret: raw.signingSecret };
  if (typeof raw.clientId === 'string') credentials.clientId = raw.clientId;
  if (typeof raw.clientSecret === 'string') credentials.clientSecret = raw.clientSecret;
  return credentials;
}
