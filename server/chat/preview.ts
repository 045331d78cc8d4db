import { isRecord } from '../../runtime/engine/registry';
import type { RunState } from '../../runtime/model/run';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { Execution } from '../execution/index';
import { RunActionError } from '../execution/index';
import type { RunSignal } from '../execution/outcomes';
import { HttpError } from '../http/errors';
import { badMessage } from './errors';
import type { ChatMessageView } from './hub';
import { PREVIEW_MARK } from './preview-operators';
import { MAX_MESSAGE_CHARS, type Transcript } from './transcript';
import { TurnQueue } from './turns';

/** How long a request waits for the bot to stop again before answering with what it has. */
const TURN_WAIT_MS = 5_000;

/**
 * Where a preview stands: `bot` waits for the visitor, `running` is still working (ask again),
 * `forwarded` would now be with a person, `ended` is over (the run ended).
 */
export type PreviewStatus = 'bot' | 'running' | 'forwarded' | 'ended';

/** What the editor's preview panel gets back after each turn. */
export interface PreviewTurn {
  previewId: string | null;
  status: PreviewStatus;
  messages: ChatMessageView[];
  /** The run so far (its steps light the path on the canvas); null before it started. */
  run: RunState | null;
}

export const previewNotFound = (): HttpError =>
  new HttpError({
    status: 404,
    code: 'preview_not_found',
    message: {
      ja: 'このプレビューは見つかりません。「最初から」で始め直してください。',
      en: 'This preview was not found. Press “Restart” to start again.',
    },
  });

export const previewEnded = (): HttpError =>
  new HttpError({
    status: 409,
    code: 'preview_ended',
    message: {
      ja: 'このプレビューの会話は終わっています。「最初から」で始め直してください。',
      en: 'This preview conversation has ended. Press “Restart” to start again.',
    },
  });

export const noChatTrigger = (): HttpError =>
  new HttpError({
    status: 422,
    code: 'no_chat_trigger',
    message: {
      ja: 'このワークフローには「チャット開始」トリガーがありません。パレットの「ボット」から追加するとプレビューできます。',
      en: 'This workflow has no “Chat started” trigger. Add one from the Bot section of the palette to preview it.',
    },
  });

function cleanText(text: unknown): string {
  if (typeof text !== 'string') throw badMessage(MAX_MESSAGE_CHARS);
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_MESSAGE_CHARS) throw badMessage(MAX_MESSAGE_CHARS);
  return trimmed;
}

/** The preview's state from its run: handed over, still going, waiting, or over. */
export function previewStatusOf(run: RunState): PreviewStatus {
  const forwarded = run.steps.some(
    (step) => step.nodeType === 'bot.forward_to_operator' && step.branch === 'forwarded',
  );
  if (forwarded) return 'forwarded';
  if (run.status === 'waiting') return 'bot';
  if (run.status === 'running') return 'running';
  return 'ended';
}

/**
 * The editor's chat preview: a conversation with the DRAFT of a bot, without publishing or
 * activating it. Each preview is a run of the draft document (stored with the run, like a test
 * run) in mode `preview`; its id is the conversation id the bot's messages are stored under. No
 * conversation row is written, so the inbox, the widget endpoints and the live chat counts never
 * see it, and a hand-over to a person is only reported (server/chat/preview-operators.ts). Other
 * nodes behave as in a test run: CRM and help-desk nodes really write.
 */
export class ChatPreview {
  private readonly turns = new TurnQueue();

  constructor(
    private readonly deps: {
      execution: Execution;
      transcript: Transcript;
    },
  ) {}

  /** Starts the draft at its chat trigger; a bot that starts on the first message waits for `text`. */
  async start(input: {
    workflowId: string;
    document: WorkflowDocument;
    userId: string;
    language: 'ja' | 'en';
    text?: unknown;
  }): Promise<PreviewTurn> {
    const { execution, transcript } = this.deps;
    const trigger = input.document.nodes.find((node) => node.type === 'trigger.chat' && !node.disabled);
    if (!trigger) throw noChatTrigger();
    const text = input.text === undefined ? undefined : cleanText(input.text);
    const startOn = isRecord(trigger.config) ? trigger.config.startOn : undefined;
    if (startOn === 'first_message' && text === undefined) {
      return { previewId: null, status: 'bot', messages: [], run: null };
    }
    let heard: (signal: RunSignal) => void = () => undefined;
    const settled = new Promise<RunSignal | undefined>((resolve) => {
      heard = (signal) => {
        if (signal.kind === 'settled') resolve(signal);
      };
      setTimeout(() => resolve(undefined), TURN_WAIT_MS).unref();
    });
    const result = await execution.service.trigger({
      workflowId: input.workflowId,
      version: null,
      document: { ...input.document, id: input.workflowId },
      triggerNodeId: trigger.id,
      triggerKind: 'chat',
      payload: {
        visitor: { language: input.language },
        ...(text === undefined ? {} : { firstMessage: text }),
        [PREVIEW_MARK]: true,
      },
      mode: 'preview',
      createdBy: input.userId,
      listen: heard,
    });
    const previewId = result.runId;
    if (text !== undefined) await transcript.append({ conversationId: previewId, sender: 'visitor', text });
    await settled;
    result.unlisten();
    return this.turn(previewId, 0);
  }

  /** The visitor's next message, delivered to the waiting run; answers the lines of the turn. */
  async send(input: { workflowId: string; previewId: string; text: unknown }): Promise<PreviewTurn> {
    const text = cleanText(input.text);
    return this.turns.run(input.previewId, async () => {
      const run = await this.ownRun(input.workflowId, input.previewId);
      const status = previewStatusOf(run);
      if (status === 'ended' || status === 'forwarded') throw previewEnded();
      const line = await this.deps.transcript.append({
        conversationId: input.previewId,
        sender: 'visitor',
        text,
      });
      await this.deliver(input.previewId, text);
      return this.turn(input.previewId, line.id - 1);
    });
  }

  /** Lines after the cursor and the run so far (the panel asks while the bot is still working). */
  async read(input: { workflowId: string; previewId: string; after: number }): Promise<PreviewTurn> {
    await this.ownRun(input.workflowId, input.previewId);
    return this.turn(input.previewId, input.after);
  }

  /** Ends a preview that is still going (restart, panel closed); one already over is left alone. */
  async stop(input: { workflowId: string; previewId: string }): Promise<void> {
    await this.ownRun(input.workflowId, input.previewId);
    try {
      await this.deps.execution.cancel(input.previewId);
    } catch (error) {
      if (!(error instanceof RunActionError && error.code === 'already_finished')) throw error;
    }
  }

  /** The preview run of this workflow; 404 for any other run, so ids of live chats reveal nothing. */
  private async ownRun(workflowId: string, previewId: string): Promise<RunState> {
    const run = await this.deps.execution.getRun(previewId);
    if (!run || run.mode !== 'preview' || run.workflowId !== workflowId) throw previewNotFound();
    return run.state;
  }

  private async turn(previewId: string, after: number): Promise<PreviewTurn> {
    const run = await this.deps.execution.getRun(previewId);
    if (!run) throw previewNotFound();
    const messages = await this.deps.transcript.after(previewId, after);
    return { previewId, status: previewStatusOf(run.state), messages, run: run.state };
  }

  /**
   * Resumes the run with the message and waits for it to stop again. A run still busy with the
   * previous message gets this one as soon as it waits.
   */
  private async deliver(runId: string, text: string): Promise<void> {
    const { execution } = this.deps;
    for (let attempt = 0; attempt < 2; attempt++) {
      const settled = this.nextSettle(runId);
      if (await execution.deliverMessage({ runId, text })) {
        await settled.promise;
        return;
      }
      settled.cancel();
      const status = (await execution.getRun(runId))?.status;
      if (status === 'running' || status === 'queued') await this.nextSettle(runId).promise;
      else if (status !== 'waiting') return;
    }
  }

  private nextSettle(runId: string): { promise: Promise<RunSignal | undefined>; cancel: () => void } {
    let stop: () => void = () => undefined;
    const promise = new Promise<RunSignal | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), TURN_WAIT_MS);
      timer.unref();
      const unlisten = this.deps.execution.context.waiters.listen(runId, (signal) => {
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
}
