import type { Clock } from '../../runtime/ports/clock';
import type { Database } from '../db/index';
import type { ChatConversationModel, ConversationStatus, VisitorInfo } from '../db/models/chat/index';
import { HttpError } from '../http/errors';
import { badMessage, conversationClosed, conversationNotFound } from './errors';
import type { ChatHub, ChatMessageView } from './hub';
import type { ChatService } from './service';
import { MAX_MESSAGE_CHARS, type Transcript } from './transcript';

/** A row of the agent inbox list. */
export interface InboxConversation {
  id: string;
  workflowId: string;
  status: ConversationStatus;
  visitor: VisitorInfo;
  language: 'ja' | 'en';
  departmentId: string | null;
  agentId: string | null;
  updatedAt: number;
  lastMessage: ChatMessageView | null;
}

/** An agent and whether they take chats now. */
export interface AgentPresence {
  agentId: string;
  name: string;
  email: string | null;
  departmentId: string | null;
  available: boolean;
}

/**
 * What agents do with forwarded chats: list them, read the whole transcript (the bot part too),
 * reply, close; and say whether they are available to take new ones.
 */
export class Inbox {
  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      hub: ChatHub;
      transcript: Transcript;
      chat: ChatService;
    },
  ) {}

  async list(filter: {
    status?: ConversationStatus;
    agentId?: string;
    limit?: number;
  }): Promise<InboxConversation[]> {
    const { ChatConversation } = this.deps.db.models;
    const rows = await ChatConversation.findAll({
      where: {
        status: filter.status ?? 'forwarded',
        ...(filter.agentId ? { agentId: filter.agentId } : {}),
      },
      order: [['updatedAt', 'DESC']],
      limit: Math.min(filter.limit ?? 100, 500),
    });
    const last = await this.deps.transcript.byIds(
      rows.map((row) => row.lastMessageId).filter((id) => id > 0),
    );
    const byId = new Map(last.map((message) => [message.id, message]));
    return rows.map((row) => ({ ...summary(row), lastMessage: byId.get(row.lastMessageId) ?? null }));
  }

  async get(conversationId: string): Promise<InboxConversation & { messages: ChatMessageView[] }> {
    const row = await this.deps.db.models.ChatConversation.findByPk(conversationId);
    if (!row) throw conversationNotFound();
    const messages = await this.deps.transcript.after(conversationId, 0, 5_000);
    return { ...summary(row), lastMessage: messages.at(-1) ?? null, messages };
  }

  async reply(input: { conversationId: string; text: unknown }): Promise<ChatMessageView> {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (text === '' || text.length > MAX_MESSAGE_CHARS) throw badMessage(MAX_MESSAGE_CHARS);
    const row = await this.deps.db.models.ChatConversation.findByPk(input.conversationId);
    if (!row) throw conversationNotFound();
    if (row.status !== 'forwarded') throw conversationClosed();
    return this.deps.transcript.append({
      conversationId: row.id,
      sender: 'agent',
      text,
      ...(row.agentId ? { agentId: row.agentId } : {}),
    });
  }

  async close(conversationId: string): Promise<void> {
    const row = await this.deps.db.models.ChatConversation.findByPk(conversationId);
    if (!row) throw conversationNotFound();
    await this.deps.chat.close(conversationId, 'agent');
  }

  async agents(): Promise<AgentPresence[]> {
    const { CrmAgent, ChatAgentPresence } = this.deps.db.models;
    const agents = await CrmAgent.findAll({
      where: { status: 'active', deletedAt: null },
      order: [['name', 'ASC']],
    });
    const present = await ChatAgentPresence.findAll();
    const available = new Map(present.map((row) => [row.agentId, row.available]));
    return agents.map((agent) => ({
      agentId: agent.id,
      name: agent.name,
      email: agent.email ?? null,
      departmentId: agent.departmentId ?? null,
      available: available.get(agent.id) ?? false,
    }));
  }

  async setPresence(input: { agentId: string; available: boolean }): Promise<void> {
    const agent = await this.deps.db.models.CrmAgent.findOne({
      where: { id: input.agentId, deletedAt: null },
    });
    if (!agent) {
      throw new HttpError({
        status: 404,
        code: 'agent_not_found',
        message: { ja: '担当者が見つかりません。', en: 'The agent was not found.' },
      });
    }
    await this.deps.db.models.ChatAgentPresence.upsert({
      agentId: agent.id,
      available: input.available,
      updatedAt: this.deps.clock.now(),
    });
  }
}

function summary(row: ChatConversationModel): Omit<InboxConversation, 'lastMessage'> {
  return {
    id: row.id,
    workflowId: row.workflowId,
    status: row.status,
    visitor: row.visitor,
    language: row.language,
    departmentId: row.departmentId ?? null,
    agentId: row.agentId ?? null,
    updatedAt: row.updatedAt,
  };
}
