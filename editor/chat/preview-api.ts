import type { RunState } from '../../runtime/model/run';
import { request } from '../api/client';
import { isRecord, isRunState } from '../api/guards';

/** One line of a preview conversation. */
export interface PreviewMessage {
  id: number;
  sender: 'visitor' | 'bot' | 'agent' | 'system';
  text: string;
  choices?: string[];
  nodeId?: string;
}

/** bot: waits for the visitor · running: still working · forwarded: would be with a person · ended. */
export type PreviewStatus = 'bot' | 'running' | 'forwarded' | 'ended';

/** What the server answers after each turn. */
export interface PreviewTurn {
  previewId: string | null;
  status: PreviewStatus;
  messages: PreviewMessage[];
  run: RunState | null;
}

const SENDERS = ['visitor', 'bot', 'agent', 'system'] as const;
const STATUSES = ['bot', 'running', 'forwarded', 'ended'] as const;

function toMessage(value: unknown): PreviewMessage | null {
  if (!isRecord(value) || typeof value.id !== 'number' || typeof value.text !== 'string') return null;
  const sender = SENDERS.find((s) => s === value.sender) ?? 'system';
  const choices = Array.isArray(value.choices)
    ? value.choices.filter((c): c is string => typeof c === 'string')
    : [];
  return {
    id: value.id,
    sender,
    text: value.text,
    ...(choices.length > 0 ? { choices } : {}),
    ...(typeof value.nodeId === 'string' ? { nodeId: value.nodeId } : {}),
  };
}

function toTurn(body: unknown): PreviewTurn {
  if (!isRecord(body)) throw new Error('The server sent a preview the editor cannot read.');
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return {
    previewId: typeof body.previewId === 'string' ? body.previewId : null,
    status: STATUSES.find((s) => s === body.status) ?? 'ended',
    messages: messages.map(toMessage).filter((m): m is PreviewMessage => m !== null),
    run: isRunState(body.run) ? body.run : null,
  };
}

const base = (workflowId: string): string => `/api/workflows/${encodeURIComponent(workflowId)}/preview`;

/** POST /api/workflows/:id/preview — starts the saved draft (with the first message for such bots). */
export async function startPreview(o: {
  workflowId: string;
  language: 'ja' | 'en';
  text?: string;
}): Promise<PreviewTurn> {
  const body = { language: o.language, ...(o.text === undefined ? {} : { text: o.text }) };
  return toTurn(await request(base(o.workflowId), { method: 'POST', body }));
}

export async function sendPreview(o: {
  workflowId: string;
  previewId: string;
  text: string;
}): Promise<PreviewTurn> {
  const path = `${base(o.workflowId)}/${encodeURIComponent(o.previewId)}/messages`;
  return toTurn(await request(path, { method: 'POST', body: { text: o.text } }));
}

export async function readPreview(o: {
  workflowId: string;
  previewId: string;
  after: number;
}): Promise<PreviewTurn> {
  const path = `${base(o.workflowId)}/${encodeURIComponent(o.previewId)}?after=${o.after}`;
  return toTurn(await request(path));
}

export async function stopPreview(o: { workflowId: string; previewId: string }): Promise<void> {
  await request(`${base(o.workflowId)}/${encodeURIComponent(o.previewId)}`, { method: 'DELETE' });
}
