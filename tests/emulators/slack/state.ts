/** The in-memory world the Slack emulator answers from: teams, channels, users, messages. */

export interface EmulatedChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** Whether the bot was invited: posting elsewhere answers `not_in_channel`. */
  isMember: boolean;
}

export interface EmulatedUser {
  id: string;
  email: string;
}

export interface PostedMessage {
  token: string;
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  threadTs: string | undefined;
}

export interface EmulatedTeam {
  id: string;
  name: string;
  botUserId: string;
  /** Bot tokens that open this team; revoking one makes it answer `token_revoked`. */
  tokens: Set<string>;
  revoked: Set<string>;
  channels: EmulatedChannel[];
  users: EmulatedUser[];
}

/** One OAuth app registered in the emulator and the codes its authorize page handed out. */
export interface EmulatedApp {
  clientId: string;
  clientSecret: string;
  /** code -> the team it installs into. */
  codes: Map<string, { teamId: string; redirectUri: string | undefined; postTo: string | undefined }>;
}

export interface EmulatorState {
  teams: EmulatedTeam[];
  apps: EmulatedApp[];
  messages: PostedMessage[];
  /** Every call, in order, for assertions about what the connector sent. */
  calls: Array<{ method: string; args: Record<string, string> }>;
}

export function emptyState(): EmulatorState {
  return { teams: [], apps: [], messages: [], calls: [] };
}

/** The team a bot token opens, and whether the token was revoked. */
export function teamOfToken(
  state: EmulatorState,
  token: string,
): { team: EmulatedTeam; revoked: boolean } | undefined {
  for (const team of state.teams) {
    if (team.tokens.has(token)) return { team, revoked: false };
    if (team.revoked.has(token)) return { team, revoked: true };
  }
  return undefined;
}
