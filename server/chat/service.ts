import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { languageFromLocale } from '../../runtime/model/localized';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { Clock } from '../../runtime/ports/clock';
import type { Logger } from '../../runtime/ports/logger';
import { isRecord } from '../../runtime/engine/registry';
import type { Database } from '../db/index';
import { CONVERSATION_STATUSES, type ConversationStatus, type VisitorInfo } from '../db/models/chat/index';
import type { Execution } from '../execution/index';
import type { RunSignal } from '../execution/outcomes';
import type { RunOutcome } from '../execution/outcomes';
import { hasEnded } from '../execution/stored-outcome';
import { closeEndedConversations, closingText } from './close-ended';
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
  private stopListening: (() => void) | undefined;
  private stopClosing: (() => void) | undefined;
  /** One visitor request at a time per conversation. */
  private readonly turns = new TurnQueue();
  /** One delivery of queued lines at a time per conversation. */
  private readonly pumps = new TurnQueue();
  private readonly pumping = new Set<string>();
  /** Conversations whose turn (a visitor request here) waits for the run to stop: count per id. */
  private readonly attending = new Map<string, number>();
  /** Queued lines the bot has answered, heard by a visitor request waiting for its answer. */
  private readonly answered = new EventEmitter();

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
    this.stopListening?.();
    this.stopClosing?.();
    this.execution = execution;
    this.answered.setMaxListeners(0);
    // A bot run that ends closes its conversation in the same transaction, wherever it runs.
    this.stopClosing = execution?.context.batcher.onStops(
      closeEndedConversations({ clock: this.deps.clock, hub: this.deps.hub }),
    );
    // A run that stops to wait for a message gets the oldest line queued for it meanwhile.
    this.stopListening = execution?.context.waiters.onSettled((outcome) => {
      if (outcome.elsewhere) {
        void this.stoppedElsewhere(outcome).catch((error: unknown) =>
          this.deps.logger.warn('following a chat turn of another process failed', {
            conversationId: outcome.runId,
            error: String(error),
          }),
        );
        return;
      }
      // A turn in this process that waits for this run checks the queue itself (afterTurn).
      const id = outcome.runId;
      if (outcome.status === 'waiting' && !this.pumping.has(id) && !this.attending.has(id))
        void this.pump(id);
    });
    this.deps.transcript.use(
      execution
        ? { write: (fn) => execution.context.batcher.custom(fn), read: execution.context.sql.read }
        : undefined,
    );
  }

  /**
   * A bot run stopped in another process (a worker; Postgres NOTIFY). Streams open here read the
   * lines it stored; the conversation's end (closed in the run's transaction) is announced; a
   * visitor request here waiting for a queued line's answer hears it once nothing waits any more.
   * The process where the run stopped delivers queued lines itself (its own `onSettled`).
   */
  private async stoppedElsewhere(outcome: RunOutcome): Promise<void> {
    const id = outcome.runId;
    this.deps.hub.publish(id, { kind: 'stored' });
    // Most runs are not chats: the conversation is read only when a stream here follows it. A
    // bot that ended closed it, or handed it to an agent (forward_to_operator on that process).
    if (hasEnded(outcome.status) && this.deps.hub.followed(id)) {
      const conversation = await this.deps.transcript.conversation(id);
      const status = conversation?.status;
      if (status === 'closed' || status === 'forwarded')
        this.deps.hub.publish(id, { kind: 'status', status });
    }
    if (this.answered.listenerCount(id) === 0) return;
    const next = await this.deps.transcript.nextQueued(id);
    this.answered.emit(id, next ? next.id - 1 : Number.MAX_SAFE_INTEGER);
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
    if (text !== undefined) {
      // The run has it already (the trigger's firstMessage): stored as delivered.
      const { view } = await execution.context.batcher.custom((tx) =>
        this.deps.transcript.writeVisitorLine(tx, { conversationId, text, deliver: true }),
      );
      this.deps.transcript.published(conversationId, view);
    }
    const signal = await settled;
    result.unlisten();
    const status = await this.afterTurn(conversationId, signal);
    const messages = await this.deps.transcript.after(conversationId, 0);
    return { conversationId, token, status, language, messages };
  }

  /**
   * The visitor's next message, stored and — in the same transaction — handed to the bot run when
   * it waits for a message and nothing the visitor said before still waits for it. Otherwise it
   * stays queued (the run is busy, waits for a delay or an HTTP call, or the chat is with an
   * agent) and the run gets it, in order, when it next waits for a message.
   */
  async send(input: { conversationId: string; token: string; text: unknown }): Promise<TurnResult> {
    const text = cleanText(input.text);
    return this.turns.run(input.conversationId, async () => {
      const current = await this.visitorConversation(input.conversationId, input.token);
      if (current.status === 'closed') throw conversationClosed();
      const id = current.id;
      const forBot = current.status === 'bot';
      if (forBot) this.deps.hub.publish(id, { kind: 'typing', sender: 'bot', on: true });
      try {
        const { line, status } = await this.deliverVisitorLine(id, text, forBot);
        const messages = await this.deps.transcript.after(id, line.id - 1);
        return { conversationId: id, status, language: current.language, messages };
      } finally {
        if (forBot) this.deps.hub.publish(id, { kind: 'typing', sender: 'bot', on: false });
      }
    });
  }

  private async deliverVisitorLine(
    conversationId: string,
    text: string,
    forBot: boolean,
  ): Promise<{ line: ChatMessageView; status: ConversationStatus }> {
    const execution = this.exec();
    const settled = this.nextSettle(conversationId);
    let written: { view: ChatMessageView; delivered: boolean } | undefined;
    await execution.deliverMessage({
      runId: conversationId,
      text,
      within: async (tx, waiting) => {
        written = await this.deps.transcript.writeVisitorLine(tx, {
          conversationId,
          text,
          deliver: forBot && waiting,
        });
        return written.delivered;
      },
    });
    if (!written) throw new Error('the chat message was not stored');
    const line = written.view;
    this.deps.transcript.published(conversationId, line);
    if (written.delivered) {
      // This turn hears the run stop and looks for lines queued meanwhile itself.
      this.attending.set(conversationId, (this.attending.get(conversationId) ?? 0) + 1);
      try {
        return { line, status: await this.afterTurn(conversationId, await settled.promise) };
      } finally {
        const left = (this.attending.get(conversationId) ?? 1) - 1;
        if (left > 0) this.attending.set(conversationId, left);
        else this.attending.delete(conversationId);
      }
    }
    settled.cancel();
    if (!forBot) return { line, status: 'forwarded' };
    const run = await execution.getRun(conversationId);
    const runStatus = run?.status;
    if (runStatus !== 'waiting' && runStatus !== 'running' && runStatus !== 'queued') {
      return { line, status: await this.close(conversationId) };
    }
    // Busy (the previous message, nodes before the next question, or in line for a worker): the
    // answer usually comes soon; a run waiting for a delay or a call is not waited for.
    if (runStatus !== 'waiting') await this.answerTo(conversationId, line.id);
    const conversation = await this.deps.transcript.conversation(conversationId);
    const status = CONVERSATION_STATUSES.find((s) => s === conversation?.status) ?? 'bot';
    return { line, status };
  }

  /** Resolves when the bot answered the queued line `id` in this process, or after TURN_WAIT_MS. */
  private answerTo(conversationId: string, id: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), TURN_WAIT_MS);
      timer.unref();
      const heard = (answered: number): void => {
        if (answered >= id) finish();
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.answered.off(conversationId, heard);
        resolve();
      };
      this.answered.on(conversationId, heard);
    });
  }

  /**
   * Hands the conversation's queued lines to its run one by one, each when the run waits for a
   * message, in order; a line another process delivered first is skipped (the cursor moves in the
   * delivering transaction). Stops when nothing is queued or the run does not wait for a message.
   */
  private pump(conversationId: string): Promise<void> {
    this.pumping.add(conversationId);
    return this.pumps
      .run(conversationId, async () => {
        const execution = this.execution;
        if (!execution || execution.isStopping) return;
        for (;;) {
          const next = await this.deps.transcript.nextQueued(conversationId);
          if (!next) return;
          const settled = this.nextSettle(conversationId);
          const delivered = await execution.deliverMessage({
            runId: conversationId,
            text: next.text,
            within: (tx, waiting) =>
              waiting
                ? this.deps.transcript.markDelivered(tx, conversationId, next.id)
                : Promise.resolve(false),
          });
          if (!delivered) {
            settled.cancel();
            return;
          }
          await this.afterTurn(conversationId, await settled.promise);
          this.answered.emit(conversationId, next.id);
        }
      })
      .catch((error: unknown) =>
        this.deps.logger.warn('delivering a queued chat message failed', {
          conversationId,
          error: String(error),
        }),
      )
      .finally(() => this.pumping.delete(conversationId));
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
    // Lines written meanwhile go to the run now that it waits again.
    if (runStatus === 'waiting' && conversation?.queued && !this.pumping.has(conversationId))
      void this.pump(conversationId);
    if (stillGoing || status !== 'bot') return status;
    return this.close(conversationId);
  }

  /** Ends a conversation with a line saying so; idempotent. */
  async close(conversationId: string, by: 'bot' | 'agent' = 'bot'): Promise<ConversationStatus> {
    if (await this.deps.transcript.closeConversation(conversationId)) {
      const conversation = await this.deps.transcript.conversation(conversationId);
      const text = closingText(by, conversation?.language === 'en');
      await this.deps.transcript.append({ conversationId, sender: 'system', text });
      this.deps.hub.publish(conversationId, { kind: 'status', status: 'closed' });
    }
    return 'closed';
  }
}
