/** What a bot asks when it hands a conversation to a person. */
export interface OperatorRequest {
  conversationId: string;
  departmentId: string;
  /** Only these agents (ids or e-mails); empty or absent: any agent of the department. */
  agents?: string[];
  /** Shown to the agent with the transcript. */
  note?: string;
  /**
   * The forwarding step (`run:step`): a step executed again after a crash finds the hand-over it
   * made and keeps it, instead of announcing an agent twice or picking another one.
   */
  key?: string;
}

/** Where the conversation went: to an agent's inbox, or nowhere because nobody is free. */
export type OperatorAssignment =
  | { status: 'forwarded'; agentId: string; agentName: string; departmentId: string }
  | { status: 'no_operator_available'; departmentId: string; reason: 'no_agent' | 'unknown_department' };

/** The people who take over chats from a bot (the server keeps who is available). */
export interface OperatorsPort {
  forward(request: OperatorRequest): Promise<OperatorAssignment>;
}
