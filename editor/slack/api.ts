import { request } from '../api/client';
import { isRecord } from '../api/guards';

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

export interface MappingEntry {
  departmentId: string;
  channelId: string;
  channelName: string;
}

export interface SlackWorkspaceView {
  id: string;
  name: string;
  enabled: boolean;
  settings: {
    teamName: string;
    language: 'ja' | 'en';
    mappingMode: 'all' | 'per_department';
    toggles: Record<SlackEvent, boolean>;
    lastError: { code: string; channel: string; at: number } | null;
    connectedBy: 'oauth' | 'token';
  };
  mapping: MappingEntry[];
}

export interface Named {
  id: string;
  name: string;
}

// The server describes these shapes (server/routes/slack.ts); the screen trusts its own API.
function workspaces(body: unknown): { enabled: boolean; workspaces: SlackWorkspaceView[] } {
  if (!isRecord(body) || !Array.isArray(body.workspaces)) return { enabled: true, workspaces: [] };
  const list: unknown[] = body.workspaces;
  return { enabled: body.enabled !== false, workspaces: list.filter(isWorkspace) };
}

function isWorkspace(value: unknown): value is SlackWorkspaceView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    isRecord(value.settings) &&
    Array.isArray(value.mapping)
  );
}

function named(body: unknown): Named[] {
  if (!isRecord(body) || !Array.isArray(body.items)) return [];
  const items: unknown[] = body.items;
  return items.flatMap((item) =>
    isRecord(item) && typeof item.id === 'string' && typeof item.name === 'string'
      ? [{ id: item.id, name: item.name }]
      : [],
  );
}

export const slackApi = {
  load: async () => workspaces(await request('/api/slack')),
  setIntegration: (enabled: boolean) => request('/api/slack', { method: 'PATCH', body: { enabled } }),
  removeAll: () => request('/api/slack', { method: 'DELETE' }),
  connectToken: (body: { botToken: string; signingSecret: string; language: 'ja' | 'en' }) =>
    request('/api/slack/workspaces', { method: 'POST', body }),
  startOAuth: async (body: {
    clientId: string;
    clientSecret: string;
    signingSecret: string;
    language: 'ja' | 'en';
  }) => {
    const answer = await request('/api/slack/oauth/start', { method: 'POST', body });
    return isRecord(answer) && typeof answer.url === 'string' ? answer.url : '';
  },
  regenerate: async (id: string) => {
    const answer = await request(`/api/slack/workspaces/${encodeURIComponent(id)}/regenerate`, {
      method: 'POST',
    });
    return isRecord(answer) && typeof answer.url === 'string' ? answer.url : '';
  },
  setEnabled: (id: string, enabled: boolean) =>
    request(`/api/slack/workspaces/${encodeURIComponent(id)}`, { method: 'PATCH', body: { enabled } }),
  setToggles: (id: string, toggles: Partial<Record<SlackEvent, boolean>>) =>
    request(`/api/slack/workspaces/${encodeURIComponent(id)}`, { method: 'PATCH', body: { toggles } }),
  test: async (id: string): Promise<{ ok: true; team: string } | { ok: false; error: string }> => {
    const answer = await request(`/api/slack/workspaces/${encodeURIComponent(id)}/test`, { method: 'POST' });
    if (isRecord(answer) && answer.ok === true)
      return { ok: true, team: typeof answer.team === 'string' ? answer.team : '' };
    return {
      ok: false,
      error: isRecord(answer) && typeof answer.error === 'string' ? answer.error : 'unknown',
    };
  },
  remove: (id: string) => request(`/api/slack/workspaces/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  channels: async (id: string) =>
    named(await request(`/api/slack/workspaces/${encodeURIComponent(id)}/channels`)),
  departments: async () => named(await request('/api/desk/departments')),
  saveMapping: (id: string, body: { mode: 'all' | 'per_department'; entries: MappingEntry[] }) =>
    request(`/api/slack/workspaces/${encodeURIComponent(id)}/mapping`, { method: 'PUT', body }),
};
