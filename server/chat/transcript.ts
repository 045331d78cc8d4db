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

/** A line to store. `key` (bot lines): `run:step:index`, stored once however often it is said. */
export interface LineInput {
  conversationId: string;
  sender: ChatSender;
  text: string;
  choices?: string[];
  nodeId?: string;
  agentId?: string;
  key?: string;
}

interface PendingLine {
  input: LineInput;
  resolve(view: ChatMessageView | undefined): void;
  reject(error: unknown): void;
}

const INSERT_COLUMNS = [
  'conversation_id',
  'sender',
  'text',
  'choices',
  'node_id',
  'agent_id',
  'step_key',
  'created_at',
] as const;

function lineValues(input: LineInput, now: number): Array<string | number | null> {
  return [
    input.conversationId,
    input.sender,
    input.text,
    input.choices ? JSON.stringify(input.choices) : null,
    input.nodeId ?? null,
    input.agentId ?? null,
    input.key ?? null,
    now,
  ];
}

function valuesList(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** A conversation as visitor requests and turns read it. */
export interface ConversationRow {
  id: string;
  status: string;
  language: string;
  tokenHash: string | null;
  /** Visitor lines the bot has not had yet. */
  queued: boolean;
}

function conversationRow(row: SqlRow): ConversationRow {
  return {
    id: String(row.id),
    status: String(row.status),
    language: String(row.language),
    tokenHash: typeof row.token_hash === 'string' ? row.token_hash : null,
    queued: row.queued === true || Number(row.queued) === 1,
  };
}

/** Conversations per batched lookup. */
const LOOKUPS_PER_QUERY = 200;

/** Lines per INSERT statement (SQLite allows 32,766 parameters; 8 a line). */
const LINES_PER_STATEMENT = 500;

/**
 * The transcripts: every line stored with who said it before anyone hears of it, so a chat
 * handed from the bot to a person (or a process that dies mid-turn) loses nothing. Writes go
 * through the execution layer's group-commit writer (one connection, batched with the run's
 * checkpoints), and the lines that arrive while a batch commits share one multi-row INSERT:
 * a transaction with 200 chats' lines costs two statements, not 400 (each statement is a round
 * trip the whole writer waits for). Sequelize is the fallback before it is attached.
 */
export class Transcript {
  private sql: ChatSql | undefined;
  private waiting: PendingLine[] = [];
  private scheduled = false;
  private lookups: Array<{
    id: string;
    resolve(row: ConversationRow | undefined): void;
    reject(error: unknown): void;
  }> = [];
  private lookingUp = false;
  private tails: Array<{
    conversationId: string;
    cursor: number;
    resolve(lines: ChatMessageView[]): void;
    reject(error: unknown): void;
  }> = [];
  private readingTails = false;

  constructor(private readonly deps: { db: Database; clock: Clock; hub: ChatHub }) {}

  use(sql: ChatSql | undefined): void {
    this.sql = sql;
  }

  private async query(sql: string, params: Array<string | number | null>): Promise<SqlRow[]> {
    if (this.sql) return this.sql.read.all(sql, params);
    const [rows] = await this.deps.db.sequelize.query(sql, { replacements: params });
    return rows.filter((row): row is SqlRow => typeof row === 'object' && row !== null);
  }

  /**
   * Stores a line once committed, then pushes it to the open streams. A keyed line stored before
   * (the same step said it before a crash) is not stored or pushed again: the stored one is returned.
   */
  async append(input: LineInput): Promise<ChatMessageView> {
    const sql = this.sql;
    const view = sql ? await this.enqueue(sql, input) : await this.appendWithSequelize(input);
    if (view) {
      this.deps.hub.publish(input.conversationId, { kind: 'message', message: view });
      return view;
    }
    const [stored] = await this.query(`SELECT ${COLUMNS} FROM chat_messages WHERE step_key = ?`, [
      input.key ?? '',
    ]);
    if (!stored) throw new Error('the chat message was not stored');
    return messageView(stored);
  }

  private enqueue(sql: ChatSql, input: LineInput): Promise<ChatMessageView | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // Taken when the batch's transaction reaches this write: every line queued until then joins.
      let taken: PendingLine[] | undefined;
      sql
        .write(async (tx) => {
          if (!taken) {
            taken = this.waiting;
            this.waiting = [];
            this.scheduled = false;
          }
          return insertLines(tx, taken, this.deps.clock.now());
        })
        .then(
          (views) => taken?.forEach((line, i) => line.resolve(views[i])),
          (error: unknown) => taken?.forEach((line) => line.reject(error)),
        );
    });
  }

  private async appendWithSequelize(input: LineInput): Promise<ChatMessageView> {
    const now = this.deps.clock.now();
    const created = await this.deps.db.models.ChatMessage.create({
      conversationId: input.conversationId,
      sender: input.sender,
      text: input.text,
      choices: input.choices ?? null,
      nodeId: input.nodeId ?? null,
      agentId: input.agentId ?? null,
      createdAt: now,
    });
    return messageView({
      id: created.id,
      sender: input.sender,
      text: input.text,
      choices: input.choices ? JSON.stringify(input.choices) : null,
      node_id: input.nodeId ?? null,
      agent_id: input.agentId ?? null,
      created_at: now,
    });
  }

  /**
   * A visitor's line written inside the transaction that may deliver it to the bot run (the
   * execution layer's `within`): delivered now only when the run waits for a message and no
   * earlier visitor line still waits for the bot, so the bot hears them in order. Published by
   * the caller after the commit.
   */
  async writeVisitorLine(
    tx: SqlRunner,
    input: { conversationId: string; text: string; deliver: boolean },
  ): Promise<{ view: ChatMessageView; delivered: boolean }> {
    const now = this.deps.clock.now();
    const [row] = await tx.all(
      `INSERT INTO chat_messages (${INSERT_COLUMNS.join(', ')}) VALUES ${valuesList(1, INSERT_COLUMNS.length)} RETURNING ${COLUMNS}`,
      lineValues({ conversationId: input.conversationId, sender: 'visitor', text: input.text }, now),
    );
    if (!row) throw new Error('the chat message was not stored');
    const id = Number(row.id);
    const [conversation] = await tx.all(
      `UPDATE chat_conversations SET last_message_id = ?, updated_at = ?,
         delivered_id = CASE WHEN ? = 1 AND status = 'bot' AND NOT EXISTS (
           SELECT 1 FROM chat_messages m WHERE m.conversation_id = chat_conversations.id
             AND m.sender = 'visitor' AND m.id > chat_conversations.delivered_id AND m.id < ?)
         THEN ? ELSE delivered_id END
       WHERE id = ? RETURNING delivered_id`,
      [id, now, input.deliver ? 1 : 0, id, id, input.conversationId],
    );
    return { view: messageView(row), delivered: Number(conversation?.delivered_id) === id };
  }

  /** Pushes a line written by `writeVisitorLine` to the open streams (after its commit). */
  published(conversationId: string, view: ChatMessageView): void {
    this.deps.hub.publish(conversationId, { kind: 'message', message: view });
  }

  /** The oldest visitor line the bot has not had yet (a conversation the bot still serves). */
  async nextQueued(conversationId: string): Promise<{ id: number; text: string } | undefined> {
    const [row] = await this.query(
      `SELECT m.id, m.text FROM chat_conversations c JOIN chat_messages m ON m.conversation_id = c.id
       WHERE c.id = ? AND c.status = 'bot' AND m.sender = 'visitor' AND m.id > c.delivered_id
       ORDER BY m.id LIMIT 1`,
      [conversationId],
    );
    return row ? { id: Number(row.id), text: String(row.text) } : undefined;
  }

  /**
   * Marks a queued line delivered, in the transaction that hands it to the run; false when it is
   * no longer the next one (another process delivered it) or the bot no longer serves the chat.
   */
  async markDelivered(tx: SqlRunner, conversationId: string, id: number): Promise<boolean> {
    const changed = await tx.run(
      `UPDATE chat_conversations SET delivered_id = ? WHERE id = ? AND status = 'bot' AND delivered_id < ?
         AND NOT EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = chat_conversations.id
           AND m.sender = 'visitor' AND m.id > chat_conversations.delivered_id AND m.id < ?)`,
      [id, conversationId, id, id],
    );
    return changed > 0;
  }

  /**
   * Lines after the cursor (a message id), oldest first. The turn answers (a cursor just before
   * the visitor's line) asked while a read is in flight go out together as one query.
   */
  async after(conversationId: string, cursor: number, limit = 500): Promise<ChatMessageView[]> {
    if (cursor > 0 && limit === 500) {
      return new Promise((resolve, reject) => {
        this.tails.push({ conversationId, cursor, resolve, reject });
        if (!this.readingTails) void this.readTails();
      });
    }
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM chat_messages WHERE conversation_id = ? AND id > ? ORDER BY id LIMIT ${Math.floor(limit)}`,
      [conversationId, cursor],
    );
    return rows.map(messageView);
  }

  private async readTails(): Promise<void> {
    this.readingTails = true;
    try {
      while (this.tails.length > 0) {
        const batch = this.tails.splice(0, LOOKUPS_PER_QUERY);
        try {
          const rows = await this.query(
            `SELECT ${COLUMNS}, conversation_id FROM chat_messages WHERE ${batch
              .map(() => '(conversation_id = ? AND id > ?)')
              .join(' OR ')} ORDER BY id`,
            batch.flatMap((entry) => [entry.conversationId, entry.cursor]),
          );
          for (const entry of batch) {
            const mine = rows.filter(
              (row) => String(row.conversation_id) === entry.conversationId && Number(row.id) > entry.cursor,
            );
            entry.resolve(mine.slice(0, 500).map(messageView));
          }
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.readingTails = false;
    }
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

  /**
   * Status, language and token hash of a conversation, read on every visitor request, and whether
   * visitor lines wait for the bot (`queued`). Reads asked for while one is in flight go out
   * together as one `IN (…)` query: the same statement asked 200 times at once would run 200
   * times one after the other, each waiting for a turn of the event loop.
   */
  conversation(id: string): Promise<ConversationRow | undefined> {
    return new Promise((resolve, reject) => {
      this.lookups.push({ id, resolve, reject });
      if (!this.lookingUp) void this.lookUp();
    });
  }

  private async lookUp(): Promise<void> {
    this.lookingUp = true;
    try {
      while (this.lookups.length > 0) {
        const batch = this.lookups.splice(0, LOOKUPS_PER_QUERY);
        const ids = [...new Set(batch.map((entry) => entry.id))];
        try {
          const rows = await this.query(
            `SELECT c.id, c.status, c.language, c.token_hash, EXISTS (
               SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND m.sender = 'visitor'
                 AND m.id > c.delivered_id) AS queued
             FROM chat_conversations c WHERE c.id IN (${ids.map(() => '?').join(', ')})`,
            ids,
          );
          const byId = new Map(rows.map((row) => [String(row.id), conversationRow(row)]));
          for (const entry of batch) entry.resolve(byId.get(entry.id));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.lookingUp = false;
    }
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
      `INSERT INTO chat_conversations (id, workflow_id, token_hash, status, visitor, language, last_message_id, delivered_id, created_at, updated_at)
       VALUES (?, ?, ?, 'bot', ?, ?, 0, 0, ?, ?)
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

/**
 * Inserts lines with multi-row statements and moves each conversation's `last_message_id`, in
 * one statement each. Returns each line's stored view in order; undefined for a keyed line that
 * was stored before (`ON CONFLICT DO NOTHING` returns no row for it).
 */
async function insertLines(
  tx: SqlRunner,
  lines: PendingLine[],
  now: number,
): Promise<Array<ChatMessageView | undefined>> {
  const views: Array<ChatMessageView | undefined> = [];
  const last = new Map<string, number>();
  for (let start = 0; start < lines.length; start += LINES_PER_STATEMENT) {
    const part = lines.slice(start, start + LINES_PER_STATEMENT);
    const rows = await tx.all(
      `INSERT INTO chat_messages (${INSERT_COLUMNS.join(', ')}) VALUES ${valuesList(part.length, INSERT_COLUMNS.length)}
       ON CONFLICT (step_key) DO NOTHING RETURNING ${COLUMNS}, step_key`,
      part.flatMap((line) => lineValues(line.input, now)),
    );
    // Ids grow in the order of the VALUES list; a skipped (already stored) line has no row.
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    const storedKeys = new Set(
      rows.flatMap((row) => (typeof row.step_key === 'string' ? [row.step_key] : [])),
    );
    let next = 0;
    for (const line of part) {
      const key = line.input.key;
      if (key !== undefined && !storedKeys.delete(key)) {
        views.push(undefined);
        continue;
      }
      const row = rows[next++];
      if (!row) throw new Error('the chat message was not stored');
      views.push(messageView(row));
      last.set(line.input.conversationId, Number(row.id));
    }
  }
  if (last.size > 0) {
    const entries = [...last];
    const params: Array<string | number> = [];
    const whens = entries.map(([id, messageId]) => {
      params.push(id, messageId);
      return 'WHEN ? THEN CAST(? AS INTEGER)';
    });
    params.push(now, ...entries.map(([id]) => id));
    await tx.run(
      `UPDATE chat_conversations SET last_message_id = CASE id ${whens.join(' ')} END, updated_at = ?
       WHERE id IN (${entries.map(() => '?').join(', ')})`,
      params,
    );
  }
  return views;
}
