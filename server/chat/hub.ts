import { EventEmitter } from 'node:events';

/** A transcript line as the widget and the inbox read it. */
export interface ChatMessageView {
  id: number;
  sender: 'visitor' | 'bot' | 'agent' | 'system';
  text: string;
  choices?: string[];
  nodeId?: string;
  agentId?: string;
  at: number;
}

/** What listeners of one conversation hear inside this process. */
export type ChatSignal =
  | { kind: 'message'; message: ChatMessageView }
  | { kind: 'typing'; sender: 'bot' | 'agent'; on: boolean }
  | { kind: 'status'; status: string }
  /** Another process stored lines (a bot turn ran on a worker): read the transcript to catch up. */
  | { kind: 'stored' };

/**
 * In-process fan-out of new messages to the open event streams of a conversation (visitor widget,
 * agent inbox). Streams in other processes catch up by reading the table, so this is a shortcut,
 * never the only path.
 */
export class ChatHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; thousands of open chats are normal.
    this.emitter.setMaxListeners(0);
  }

  publish(conversationId: string, signal: ChatSignal): void {
    this.emitter.emit(conversationId, signal);
    this.emitter.emit('*', conversationId, signal);
  }

  /** True when a stream here follows this conversation (or every conversation). */
  followed(conversationId: string): boolean {
    return this.emitter.listenerCount(conversationId) > 0 || this.emitter.listenerCount('*') > 0;
  }

  subscribe(conversationId: string, listener: (signal: ChatSignal) => void): () => void {
    this.emitter.on(conversationId, listener);
    return () => this.emitter.off(conversationId, listener);
  }

  /** Every conversation's signals (the agent inbox list). */
  subscribeAll(listener: (conversationId: string, signal: ChatSignal) => void): () => void {
    this.emitter.on('*', listener);
    return () => this.emitter.off('*', listener);
  }
}
