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
  | { kind: 'status'; status: string };

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
