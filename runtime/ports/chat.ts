/** What a bot says to a visitor. Choices render as buttons. */
export interface ChatMessage {
  text: string;
  choices?: string[];
  /** The node that said it, for transcripts and the editor's trace. */
  nodeId: string;
  /**
   * `run:step:index`: the same for the same message of a step executed again (after a crash
   * before its checkpoint), so the port stores and shows it once.
   */
  key?: string;
}

export interface ChatPort {
  send(conversationId: string, message: ChatMessage): Promise<void>;
}
