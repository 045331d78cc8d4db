/** What a bot says to a visitor. Choices render as buttons. */
export interface ChatMessage {
  text: string;
  choices?: string[];
  /** The node that said it, for transcripts and the editor's trace. */
  nodeId: string;
}

export interface ChatPort {
  send(conversationId: string, message: ChatMessage): Promise<void>;
}
