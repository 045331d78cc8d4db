import { isRecord } from '../../runtime/engine/registry';
import { providerFetch } from './http';

/** The client and refresh token an OAuth provider connection holds (opened from its credentials). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
}

/**
 * The refresh-token half of a provider session (Zoho, Salesforce): the access token from the last
 * refresh, refreshed when missing, stale or forced; a refusal is remembered — every later call
 * fails at once — and told once (the connection is shown as broken) until the credentials change
 * and a new session is made. What a token answer holds and how a refusal is worded are the
 * provider's own (`readToken`, `refused`).
 */
export class OAuthTokens<Token extends { value: string }, Refusal extends Error> {
  private token: Token | undefined;
  private refusal: Refusal | undefined;

  constructor(
    private readonly options: {
      provider: string;
      tokenUrl: string;
      client: OAuthClient;
      /** The token from a token answer's body; undefined when the answer refused. */
      readToken: (body: Record<string, unknown>) => Token | undefined;
      /** The refusal for a token answer without a token. */
      refused: (body: Record<string, unknown>, status: number) => Refusal;
      /** The refusal when there is no refresh token yet (never authorised). */
      notAuthorised: () => Refusal;
      /** Whether a held token may still be used; without it, a token lasts until a call says no. */
      isFresh?: (token: Token) => boolean;
      onRefused: (error: Refusal) => Promise<void>;
    },
  ) {}

  /** A token for a call: the held one unless `force`, stale or missing; throws a remembered refusal. */
  async current(force: boolean): Promise<Token> {
    if (this.refusal) throw this.refusal;
    const held = this.token;
    if (!force && held && (this.options.isFresh?.(held) ?? true)) return held;
    return this.refresh();
  }

  /** Refreshes now; a refusal is remembered, told and thrown. */
  async refresh(): Promise<Token> {
    const { client } = this.options;
    if (!client.refreshToken) return this.refuse(this.options.notAuthorised());
    const answer = await providerFetch({
      url: this.options.tokenUrl,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        refresh_token: client.refreshToken,
      }).toString(),
      provider: this.options.provider,
    });
    const body = isRecord(answer.body) ? answer.body : {};
    const token = this.options.readToken(body);
    if (!token) return this.refuse(this.options.refused(body, answer.status));
    this.token = token;
    return token;
  }

  /** Remembers the first refusal (dropping the token), tells it once, and throws it. */
  async refuse(error: Refusal): Promise<never> {
    if (!this.refusal) {
      this.refusal = error;
      this.token = undefined;
      await this.options.onRefused(error);
    }
    throw error;
  }
}
