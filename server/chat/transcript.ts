import { Op } from 'sequelize';
import type { Clock } from '../../runtime/ports/clock';
import type { Database } from '../db/index';
import type { ChatMessageModel, ChatSender } from '../db/models/chat/index';
import type { ChatHub, ChatMessageView } from './hub';

/** Longest text a visitor or an agent may send in one message. */
export const MAX_MESSAGE_CHARS = 2_000;

/** The stored shape as the API shows it. */
export function messageView(row: ChatMessageModel): ChatMessageView {
  return {
    id: row.id,
    sender: row.sender,
    text: row.text,
    ...(row.choices && row.choices.length > 0 ? { choices: row.choices } : {}),
    ...(row.nodeId ? { nodeId: row.nodeId } : {}),
    ...(row.agentId ? { agentId: row.agentId } : {}),
    at: row.createdAt,
  };
}

/**
 * The transcripts: every line stored with who said it before anyone hears of it, so a chat
 * handed from the bot to a person (or a process that dies mid-turn) loses nothing.
 */
export class Transcript {
  constructor(private readonly deps: { db: Database; clock: Clock; hub: ChatHub }) {}

  async append(input: {
    conversationId: string;
    sender: ChatSender;
    text: string;
    choices?: string[];
    nodeId?: string;
    agentId?: string;
  }): Promise<ChatMessageView> {
    const { ChatMessage, ChatConversation } = this.deps.db.models;
    const now = this.deps.clock.now();
    const row = await ChatMessage.create({
      conversationId: input.conversationId,
      sender: input.sender,
      text: input.text,
      choices: input.choices ?? null,
      nodeId: input.nodeId ?? null,
      agentId: input.agentId ?? null,
      createdAt: now,
    });
    // The conversation row may not exist yet: the bot speaks before the start request returns.
    await ChatConversation.update(
      { lastMessageId: row.id, updatedAt: now },
      { where: { id: input.conversationId } },
    );
    const view = messageView(row);
    this.deps.hub.publish(input.conversationId, { kind: 'message', message: view });
    return view;
  }

  /** Lines after the cursor (a message id), oldest first. */
  async after(conversationId: string, cursor: number, limit = 500): Promise<ChatMessageView[]> {
    const rows = await this.deps.db.models.ChatMessage.findAll({
      where: { conversationId, id: { [Op.gt]: cursor } },
      order: [['id', 'ASC']],
      limit,
    });
    return rows.map(messageView);
  }
}
