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
