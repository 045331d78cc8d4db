import type { Clock } from '../../runtime/ports/clock';
import type { Database } from '../db/index';
import { CHAT_SENDERS, type ChatSender } from '../db/models/chat/index';
import type { SqlRow, SqlRunner } from '../execution/sql';
import type { ChatHub, ChatMessageView } from './hub';

/** Longest text a visitor or an agent may send in one message. */
export const MAX_MESSAGE_CHARS = 2_000;

/** The execution layer's connections: its group-commit writer and its reader. */
export interface ChatSql {
  write<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  read: SqlRunner;
}

function choicesOf(value: unknown): string[] | undefined {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return undefined;
  const choices = parsed.filter((item): item is string => typeof item === 'string');
  return choices.length > 0 ? choices : undefined;
}

/** A stored row as the API shows it. */
export function messageView(row: SqlRow): ChatMessageView {
  const sender = CHAT_SENDERS.find((s) => s === row.sender) ?? 'system';
  const choices = choicesOf(row.choices);
  return {
    id: Number(row.id),
    sender,
    text: String(row.text),
    ...(choices ? { choices } : {}),
    ...(typeof row.node_id === 'string' && row.node_id ? { nodeId: row.node_id } : {}),
    ...(typeof row.agent_id === 'string' && row.agent_id ? { agentId: row.agent_id } : {}),
    at: Number(row.created_at),
  };
}

const COLUMNS = 'id, sender, text, choices, node_id, agent_id, created_at';

/**
 * The transcripts: every line stored with who said it before anyone hears of it, so a chat
 * handed from the bot to a person (or a process that dies mid-turn) loses nothing. Writes go
 * through the execution layer's group-commit writer (one connection, batched with the run's
 * checkpoints); Sequelize is the fallback before it is attached.
 */
export class Transcript {
  private sql: ChatSql | undefined;

  constructor(private readonly deps: { db: Database; clock: Clock; hub: ChatHub }) {}

  use(sql: ChatSql | undefined): void {
    this.sql = sql;
  }

  private async query(sql: string, params: Array<string | number | null>): Promise<SqlRow[]> {
    if (this.sql) return this.sql.read.all(sql, params);
    const [rows] = await this.deps.db.sequelize.query(sql, { replacements: params });
    return rows.filter((row): row is SqlRow => typeof row === 'object' && row !== null);
  }

  async append(input: {
    conversationId: string;
    sender: ChatSender;
    text: string;
    choices?: string[];
    nodeId?: string;
    agentId?: string;
  }): Promise<ChatMessageView> {
    const now = this.deps.clock.now();
    const values = [
      input.conversationId,
      input.sender,
      input.text,
      input.choices ? JSON.stringify(input.choices) : null,
      input.nodeId ?? null,
      input.agentId ?? null,
      now,
    ];
    const insert = `INSERT INTO chat_messages (conversation_id, sender, text, choices, node_id, agent_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`;
    // The conversation row may not exist yet: the bot speaks before the start request returns.
    const touch = 'UPDATE chat_conversations SET last_message_id = ?, updated_at = ? WHERE id = ?';
    let row: SqlRow | undefined;
    if (this.sql) {
      row = await this.sql.write(async (tx) => {
        const [inserted] = await tx.all(insert, values);
        if (inserted) await tx.run(touch, [Number(inserted.id), now, input.conversationId]);
        return inserted;
      });
    } else {
      const created = await this.deps.db.models.ChatMessage.create({
        conversationId: input.conversationId,
        sender: input.sender,
        text: input.text,
        choices: input.choices ?? null,
        nodeId: input.nodeId ?? null,
        agentId: input.agentId ?? null,
        createdAt: now,
      });
      row = {
        id: created.id,
        sender: input.sender,
        text: input.text,
        choices: values[3] ?? null,
        node_id: input.nodeId ?? null,
        agent_id: input.agentId ?? null,
        created_at: now,
      };
    }
    if (!row) throw new Error('the chat message was not stored');
    const view = messageView(row);
    this.deps.hub.publish(input.conversationId, { kind: 'message', message: view });
    return view;
  }

  /** Lines after the cursor (a message id), oldest first. */
  async after(conversationId: string, cursor: number, limit = 500): Promise<ChatMessageView[]> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM chat_messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ${Math.floor(limit)}`,
      [conversationId, cursor],
    );
    return rows.map(messageView);
  }

  /** The lines with these ids (the inbox list's last messages). */
  async byIds(ids: number[]): Promise<ChatMessageView[]> {
    if (ids.length === 0) return [];
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM chat_messages WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return rows.map(messageView);
  }

  /** Status, language and token hash of a conversation, read on every visitor request. */
  async conversation(
    id: string,
  ): Promise<{ id: string; status: string; language: string; tokenHash: string | null } | undefined> {
    const [row] = await this.query(
      'SELECT id, status, language, token_hash FROM chat_conversations WHERE id = ?',
      [id],
    );
    if (!row) return undefined;
    return {
      id: String(row.id),
      status: String(row.status),
      language: String(row.language),
      tokenHash: typeof row.token_hash === 'string' ? row.token_hash : null,
    };
  }

  /** Runs a write on the execution layer's writer, or on Sequelize before it is attached. */
  private async write(sql: string, params: Array<string | number | null>): Promise<number> {
    if (this.sql) return this.sql.write((tx) => tx.run(sql, params));
    const [, meta] = await this.deps.db.sequelize.query(sql, { replacements: params });
    return typeof meta === 'number' ? meta : 1;
  }

  /**
   * Writes a new conversation, or fills in one the operators port created first (a bot that
   * forwards at once runs before the start request returns), keeping its status.
   */
  async saveConversation(input: {
    id: string;
    workflowId: string;
    visitor: unknown;
    language: string;
    tokenHash: string;
  }): Promise<void> {
    const now = this.deps.clock.now();
    await this.write(
      `INSERT INTO chat_conversations (id, workflow_id, token_hash, status, visitor, language, last_message_id, created_at, updated_at)
       VALUES (?, ?, ?, 'bot', ?, ?, 0, ?, ?)
       ON CONFLICT (id) DO UPDATE SET workflow_id = excluded.workflow_id, token_hash = excluded.token_hash,
         visitor = excluded.visitor, language = excluded.language`,
      [input.id, input.workflowId, input.tokenHash, JSON.stringify(input.visitor), input.language, now, now],
    );
  }

  /** Marks an open conversation closed; true when this call closed it. */
  async closeConversation(id: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const changed = await this.write(
      "UPDATE chat_conversations SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status IN ('bot', 'forwarded')",
      [now, now, id],
    );
    return changed > 0;
  }

  /** The active version of a workflow, if it is active. */
  async activeVersion(workflowId: string): Promise<number | undefined> {
    const [row] = await this.query('SELECT active, active_version FROM workflows WHERE id = ?', [workflowId]);
    if (!row || !(row.active === true || row.active === 1) || row.active_version === null) return undefined;
    return Number(row.active_version);
  }
}
