import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { languageFromLocale } from '../../runtime/model/localized';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import { isRecord } from '../../runtime/engine/registry';
import type { Database } from '../db/index';
import { CONVERSATION_STATUSES, type ConversationStatus, type VisitorInfo } from '../db/models/chat/index';
import type { Execution } from '../execution/index';
import type { RunSignal } from '../execution/outcomes';
import { badMessage, botNotFound, chatNotRunning, conversationClosed, conversationNotFound } from './errors';
import type { ChatHub, ChatMessageView } from './hub';
import { MAX_MESSAGE_CHARS, type Transcript } from './transcript';
import { TurnQueue } from './turns';

/** How long a visitor's request waits for the bot's answer before returning what it has. */
const TURN_WAIT_MS = 5_000;

/** What the widget gets back from start and send. */
export interface TurnResult {
  conversationId: string | null;
  token?: string;
  status: ConversationStatus;
  language: 'ja' | 'en';
  messages: ChatMessageView[];
}

/** What a visitor request needs to know about its conversation. */
export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  language: 'ja' | 'en';
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function cleanText(text: unknown): string {
  if (typeof text !== 'string') throw badMessage(MAX_MESSAGE_CHARS);
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_MESSAGE_CHARS) throw badMessage(MAX_MESSAGE_CHARS);
  return trimmed;
}

/**
 * Conversations between website visitors and bot workflows. A conversation is the run of the
 * bot's active version (same id); each visitor message is stored, then delivered to the run,
 * which resumes wherever a worker has room, after a restart too. Forwarded chats stop going to
 * the run: the agent answers from the inbox.
 */
export class ChatService {
  private execution: Execution | undefined;
  private readonly turns = new TurnQueue();

  constructor(
    private readonly deps: {
      db: Database;
      clock: Clock;
      logger: Logger;
      hub: ChatHub;
      transcript: Transcript;
    },
  ) {}

  /** Connects the execution layer (built with this runtime's chat and operators ports). */
  attach(execution: Execution | undefined): void {
    this.execution = execution;
    this.deps.transcript.use(
      execution
        ? { write: (fn) => execution.context.batcher.custom(fn), read: execution.context.sql.read }
        : undefined,
    );
  }

  get attached(): boolean {
    return this.execution !== undefined;
  }

  private exec(): Execution {
    if (!this.execution || this.execution.isStopping) throw chatNotRunning();
    return this.execution;
  }

  /** The active bot's published document and its chat trigger; 404 when it has none. */
  private async bot(
    botId: string,
  ): Promise<{ version: number; document: WorkflowDocument; triggerNodeId: string; startOn: string }> {
    const version = await this.deps.transcript.activeVersion(botId);
    if (version === undefined) throw botNotFound();
    const document = await this.exec().context.workflows.version(botId, version);
    const trigger = document.nodes.find((node) => node.type === 'trigger.chat');
    if (!trigger) throw botNotFound();
    const startOn =
      isRecord(trigger.config) && trigger.config.startOn === 'first_message' ? 'first_message' : 'open';
    return { version, document, triggerNodeId: trigger.id, startOn };
  }

  /** Opens a conversation: starts the bot run and returns what the bot said first. */
  async start(input: { botId: string; visitor: VisitorInfo; text?: string }): Promise<TurnResult> {
    const execution = this.exec();
    const bot = await this.bot(input.botId);
    const language = languageFromLocale(input.visitor.language);
    const text = input.text === undefined ? undefined : cleanText(input.text);
    if (bot.startOn === 'first_message' && text === undefined) {
      return { conversationId: null, status: 'bot', language, messages: [] };
    }
    let heard: (signal: RunSignal) => void = () => undefined;
    const settled = new Promise<RunSignal | undefined>((resolve) => {
      heard = (signal) => {
        if (signal.kind === 'settled') resolve(signal);
      };
      setTimeout(() => resolve(undefined), TURN_WAIT_MS).unref();
    });
    const result = await execution.service.trigger({
      workflowId: input.botId,
      version: bot.version,
      document: bot.document,
      triggerNodeId: bot.triggerNodeId,
      triggerKind: 'chat',
      payload: { visitor: input.visitor, ...(text === undefined ? {} : { firstMessage: text }) },
      listen: heard,
    });
    const conversationId = result.runId;
    const token = randomBytes(24).toString('base64url');
    await this.deps.transcript.saveConversation({
      id: conversationId,
      workflowId: input.botId,
      visitor: input.visitor,
      language,
      tokenHash: hashToken(token),
    });
    if (text !== undefined) await this.deps.transcript.append({ conversationId, sender: 'visitor', text });
    const signal = await settled;
    result.unlisten();
    const status = await this.afterTurn(conversationId, signal);
    const messages = await this.deps.transcript.after(conversationId, 0);
    return { conversationId, token, status, language, messages };
  }

  /** The visitor's next message: stored, delivered to the bot (or left for the agent). */
  async send(input: { conversationId: string; token: string; text: unknown }): Promise<TurnResult> {
    const text = cleanText(input.text);
    return this.turns.run(input.conversationId, async () => {
      const current = await this.visitorConversation(input.conversationId, input.token);
      if (current.status === 'closed') throw conversationClosed();
      const line = await this.deps.transcript.append({ conversationId: current.id, sender: 'visitor', text });
      let status: ConversationStatus = current.status;
      if (status === 'bot') {
        this.deps.hub.publish(current.id, { kind: 'typing', sender: 'bot', on: true });
        try {
          status = await this.deliver(current.id, text);
        } finally {
          this.deps.hub.publish(current.id, { kind: 'typing', sender: 'bot', on: false });
        }
      }
      const messages = await this.deps.transcript.after(current.id, line.id - 1);
      return { conversationId: current.id, status, language: current.language, messages };
    });
  }

  /** Lines after the cursor, for polling and reconnecting widgets. */
  async messages(input: { conversationId: string; token: string; after: number }): Promise<{
    status: ConversationStatus;
    language: 'ja' | 'en';
    messages: ChatMessageView[];
  }> {
    const conversation = await this.visitorConversation(input.conversationId, input.token);
    const messages = await this.deps.transcript.after(conversation.id, input.after);
    return { status: conversation.status, language: conversation.language, messages };
  }

  /** The conversation when the token is its own; 404 otherwise (never says which was wrong). */
  async visitorConversation(conversationId: string, token: string): Promise<VisitorConversation> {
    const conversation = await this.deps.transcript.conversation(conversationId);
    const expected = conversation?.tokenHash;
    if (!conversation || !expected) throw conversationNotFound();
    const given = Buffer.from(hashToken(token));
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
      throw conversationNotFound();
    const status = CONVERSATION_STATUSES.find((s) => s === conversation.status) ?? 'closed';
    return { id: conversation.id, status, language: conversation.language === 'en' ? 'en' : 'ja' };
  }

  /**
   * Resumes the run with the message and waits for it to stop again. A run still busy with the
   * previous message gets this one as soon as it waits; a run that already ended closes the chat.
   */
  private async deliver(conversationId: string, text: string): Promise<ConversationStatus> {
    const execution = this.exec();
    for (let attempt = 0; attempt < 2; attempt++) {
      const settled = this.nextSettle(conversationId);
      const delivered = await execution.deliverMessage({ runId: conversationId, text });
      if (delivered) return this.afterTurn(conversationId, await settled.promise);
      settled.cancel();
      const run = await execution.getRun(conversationId);
      const status = run?.status;
      if (status === 'running' || status === 'queued') {
        await this.nextSettle(conversationId).promise;
        continue;
      }
      if (status === 'waiting') continue;
      return this.close(conversationId);
    }
    return 'bot';
  }

  private nextSettle(runId: string): { promise: Promise<RunSignal | undefined>; cancel: () => void } {
    let stop: () => void = () => undefined;
    const promise = new Promise<RunSignal | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), TURN_WAIT_MS);
      timer.unref();
      const unlisten = this.exec().context.waiters.listen(runId, (signal) => {
        if (signal.kind === 'settled') finish(signal);
      });
      function finish(signal: RunSignal | undefined): void {
        clearTimeout(timer);
        unlisten();
        resolve(signal);
      }
      stop = () => finish(undefined);
    });
    return { promise, cancel: stop };
  }

  /** After the bot stopped: a run that ended (not handed to a person) closes the conversation. */
  private async afterTurn(
    conversationId: string,
    signal: RunSignal | undefined,
  ): Promise<ConversationStatus> {
    const runStatus = signal?.kind === 'settled' ? signal.outcome.status : undefined;
    const stillGoing =
      runStatus === undefined || runStatus === 'waiting' || runStatus === 'running' || runStatus === 'queued';
    const conversation = await this.deps.transcript.conversation(conversationId);
    const status = CONVERSATION_STATUSES.find((s) => s === conversation?.status) ?? 'bot';
    if (stillGoing || status !== 'bot') return status;
    return this.close(conversationId);
  }

  /** Ends a conversation with a line saying so; idempotent. */
  async close(conversationId: string, by: 'bot' | 'agent' = 'bot'): Promise<ConversationStatus> {
    if (await this.deps.transcript.closeConversation(conversationId)) {
      const conversation = await this.deps.transcript.conversation(conversationId);
      const english = conversation?.language === 'en';
      const text =
        by === 'agent'
          ? english
            ? 'The agent closed the chat.'
            : '担当者がチャットを終了しました。'
          : english
            ? 'The chat has ended.'
            : 'チャットは終了しました。';
      await this.deps.transcript.append({ conversationId, sender: 'system', text });
      this.deps.hub.publish(conversationId, { kind: 'status', status: 'closed' });
    }
    return 'closed';
  }
}
