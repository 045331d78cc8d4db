import { request } from '../api/client';
import { isRecord } from '../api/guards';

/** A candidate record for a call's number. */
export interface CallCandidate {
  module: string;
  id: string;
  name: string;
}

/** A telephony call as `GET /api/telephony/calls` lists it. */
export interface CallItem {
  id: string;
  direction: string;
  from: string;
  to: string;
  startedAt: string;
  durationSec: number;
  status: string;
  candidates: CallCandidate[];
  matchCount: number;
  taskId: string | null;
  contactId: string | null;
}

/** A to-do as the records API returns it (the logged call). */
export interface TodoItem {
  id: string;
  name: string;
  status: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function toCall(value: unknown): CallItem[] {
  if (!isRecord(value) || typeof value.id !== 'string') return [];
  const candidates = Array.isArray(value.candidates) ? value.candidates : [];
  return [
    {
      id: value.id,
      direction: str(value.direction),
      from: str(value.from),
      to: str(value.to),
      startedAt: str(value.startedAt),
      durationSec: typeof value.durationSec === 'number' ? value.durationSec : 0,
      status: str(value.status),
      candidates: candidates.flatMap((c) =>
        isRecord(c) ? [{ module: str(c.module), id: str(c.id), name: str(c.name) }] : [],
      ),
      matchCount: typeof value.matchCount === 'number' ? value.matchCount : candidates.length,
      taskId: typeof value.taskId === 'string' ? value.taskId : null,
      contactId: typeof value.contactId === 'string' ? value.contactId : null,
    },
  ];
}

/** GET /api/telephony/calls (newest first). */
export async function fetchCalls(): Promise<CallItem[]> {
  const body = await request('/api/telephony/calls');
  return (isRecord(body) && Array.isArray(body.items) ? body.items : []).flatMap(toCall);
}

/** The person's choice for a call with several matches: the call is logged as a completed to-do. */
export async function resolveCall(o: { callId: string; contactId: string }): Promise<{ taskId: string }> {
  const body = await request(`/api/telephony/calls/${encodeURIComponent(o.callId)}/resolve`, {
    method: 'POST',
    body: { contactId: o.contactId },
  });
  return { taskId: isRecord(body) ? str(body.taskId) : '' };
}

/** GET /api/records/tasks/:id. */
export async function fetchTodo(id: string): Promise<TodoItem> {
  const body = await request(`/api/records/tasks/${encodeURIComponent(id)}`);
  if (!isRecord(body)) throw new Error('unexpected answer');
  return { id: str(body.id), name: str(body.name), status: str(body.status) };
}

/** A telephony connection as an admin sees it: where the phone system posts, with which token. */
export interface TelephonyConnection {
  id: string;
  name: string;
  status: string;
  endpoint: string;
  header: string;
  token: string;
  example: string;
}

function toConnection(body: unknown): TelephonyConnection {
  if (!isRecord(body) || typeof body.id !== 'string') throw new Error('unexpected answer');
  return {
    id: body.id,
    name: str(body.name),
    status: str(body.status),
    endpoint: str(body.endpoint),
    header: str(body.header),
    token: str(body.token),
    example: str(body.example),
  };
}

/** The telephony connections (ids from GET /api/connections, details from the telephony API). */
export async function fetchTelephonyConnections(): Promise<TelephonyConnection[]> {
  const list = await request('/api/connections');
  const rows = isRecord(list) && Array.isArray(list.items) ? list.items : [];
  const ids = rows.flatMap((row) =>
    isRecord(row) && row.type === 'telephony' && typeof row.id === 'string' ? [row.id] : [],
  );
  return Promise.all(
    ids.map(async (id) =>
      toConnection(await request(`/api/telephony/connections/${encodeURIComponent(id)}`)),
    ),
  );
}

export async function createTelephonyConnection(name: string): Promise<TelephonyConnection> {
  return toConnection(await request('/api/telephony/connections', { method: 'POST', body: { name } }));
}

/** A new token; the old one is refused from now on. */
export async function regenerateTelephonyToken(id: string): Promise<TelephonyConnection> {
  return toConnection(
    await request(`/api/telephony/connections/${encodeURIComponent(id)}/token`, { method: 'POST' }),
  );
}
