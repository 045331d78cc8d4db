import { request } from '../api/client';
import { isRecord } from '../api/guards';

/** One transcript line as the inbox API sends it. */
export interface InboxMessage {
  id: number;
  sender: 'visitor' | 'bot' | 'agent' | 'system';
  text: string;
  at: number;
}

/** A forwarded chat in the list. */
export interface InboxItem {
  id: string;
  status: string;
  visitor: Record<string, string>;
  agentId: string | null;
  updatedAt: number;
  lastMessage: InboxMessage | null;
}

const SENDERS = ['visitor', 'bot', 'agent', 'system'] as const;

function toMessage(value: unknown): InboxMessage | null {
  if (!isRecord(value) || typeof value.id !== 'number' || typeof value.text !== 'string') return null;
  const sender = SENDERS.find((s) => s === value.sender) ?? 'system';
  return { id: value.id, sender, text: value.text, at: typeof value.at === 'number' ? value.at : 0 };
}

function toVisitor(value: unknown): Record<string, string> {
  const visitor: Record<string, string> = {};
  if (!isRecord(value)) return visitor;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') visitor[key] = item;
  return visitor;
}

function toItem(value: unknown): InboxItem | null {
  if (!isRecord(value) || typeof value.id !== 'string') return null;
  return {
    id: value.id,
    status: typeof value.status === 'string' ? value.status : 'forwarded',
    visitor: toVisitor(value.visitor),
    agentId: typeof value.agentId === 'string' ? value.agentId : null,
    updatedAt: typeof value.updatedAt === 'number' ? value.updatedAt : 0,
    lastMessage: toMessage(value.lastMessage),
  };
}

/** GET /api/inbox/conversations (forwarded chats). */
export async function fetchInbox(): Promise<InboxItem[]> {
  const body = await request('/api/inbox/conversations?status=forwarded');
  const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
  return items.map(toItem).filter((item): item is InboxItem => item !== null);
}

/** GET /api/inbox/conversations/:id with the whole transcript. */
export async function fetchConversation(id: string): Promise<{ item: InboxItem; messages: InboxMessage[] }> {
  const body = await request(`/api/inbox/conversations/${encodeURIComponent(id)}`);
  const item = toItem(body);
  if (!item || !isRecord(body) || !Array.isArray(body.messages)) throw new Error('unexpected answer');
  return { item, messages: body.messages.map(toMessage).filter((m): m is InboxMessage => m !== null) };
}

export async function sendReply(id: string, text: string): Promise<void> {
  await request(`/api/inbox/conversations/${encodeURIComponent(id)}/reply`, {
    method: 'POST',
    body: { text },
  });
}

export async function closeConversation(id: string): Promise<void> {
  await request(`/api/inbox/conversations/${encodeURIComponent(id)}/close`, { method: 'POST' });
}
