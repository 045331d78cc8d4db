/** Slack Web API calls a node needs, as Slack names them. Answers are Slack's `{ ok, error, … }`. */
export interface SlackPort {
  call(connectionId: string, method: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}
