import { isRecord } from '../../../runtime/engine/registry';
import type { Localized } from '../../../runtime/model/localized';
import { providerFetch, scalarText, type ProviderResponse } from '../http';
import { OAuthTokens } from '../oauth-session';

/** Salesforce refused the connection's credentials (after one refresh). */
export class SalesforceAuthError extends Error {
  constructor(readonly localized: Localized) {
    super(localized.en);
    this.name = 'SalesforceAuthError';
  }
}

export interface SalesforceSettings {
  /** https://login.salesforce.com, https://test.salesforce.com (sandbox) or a My Domain URL. */
  loginUrl: string;
  apiVersion: string;
}

export interface SalesforceCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().replace(/\/+$/, '') : undefined;
}

export function readSalesforceSettings(settings: unknown): SalesforceSettings {
  const given = isRecord(settings) ? settings : {};
  return {
    loginUrl: text(given.loginUrl) ?? 'https://login.salesforce.com',
    apiVersion: text(given.apiVersion) ?? 'v60.0',
  };
}

export function readSalesforceCredentials(credentials: Record<string, unknown>): SalesforceCredentials {
  return {
    clientId: text(credentials.clientId) ?? '',
    clientSecret: text(credentials.clientSecret) ?? '',
    refreshToken: text(credentials.refreshToken),
  };
}

/**
 * One Salesforce connection's OAuth state: the access token and `instance_url` from the last
 * refresh. Salesforce does not say when a session ends, so the token is refreshed when a call
 * answers 401 INVALID_SESSION_ID, once; a refusal after that sticks until the credentials change.
 */
export class SalesforceSession {
  private readonly tokens: OAuthTokens<{ value: string; instanceUrl: string }, SalesforceAuthError>;

  constructor(
    private readonly options: {
      settings: SalesforceSettings;
      credentials: SalesforceCredentials;
      onRefused: (error: SalesforceAuthError) => Promise<void>;
    },
  ) {
    this.tokens = new OAuthTokens({
      provider: 'Salesforce',
      tokenUrl: `${options.settings.loginUrl}/services/oauth2/token`,
      client: options.credentials,
      readToken: (body) =>
        typeof body.access_token === 'string' && typeof body.instance_url === 'string'
          ? { value: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, '') }
          : undefined,
      refused: (body, status) => {
        const code = scalarText(body.error, `http_${status}`);
        const said = scalarText(body.error_description, '');
        return new SalesforceAuthError(
          code === 'invalid_client_id' || code === 'invalid_client'
            ? {
                ja: `Salesforce がコンシューマーキーかシークレットを受け付けません（${code}）。`,
                en: `Salesforce refused the consumer key or secret (${code}).`,
              }
            : {
                ja: `Salesforce がリフレッシュトークンを受け付けません（${code} ${said}）。再認証してください。`,
                en: `Salesforce refused the refresh token (${code} ${said}). Authorise the connection again.`,
              },
        );
      },
      notAuthorised: () =>
        new SalesforceAuthError({
          ja: 'この Salesforce 連携はまだ認証されていません（リフレッシュトークンがありません）。',
          en: 'This Salesforce connection has not been authorised yet (no refresh token).',
        }),
      onRefused: options.onRefused,
    });
  }

  get apiVersion(): string {
    return this.options.settings.apiVersion;
  }

  /** A REST call under `/services/data/<version>`; refreshed and repeated once on 401. */
  async call(request: { method: string; path: string; json?: unknown }): Promise<ProviderResponse> {
    const first = await this.send(request, false);
    if (first.status !== 401) return first;
    const second = await this.send(request, true);
    if (second.status !== 401) return second;
    return this.tokens.refuse(
      new SalesforceAuthError({
        ja: 'Salesforce が更新したセッションも受け付けませんでした（INVALID_SESSION_ID）。連携を再認証してください。',
        en: 'Salesforce refused even a refreshed session (INVALID_SESSION_ID). Authorise the connection again.',
      }),
    );
  }

  /** Refreshes now (the connection test); refusals are thrown. */
  async refreshNow(): Promise<{ instanceUrl: string }> {
    return this.tokens.refresh();
  }

  private async send(request: { method: string; path: string; json?: unknown }, force: boolean) {
    const token = await this.tokens.current(force);
    return providerFetch({
      url: `${token.instanceUrl}/services/data/${this.apiVersion}${request.path}`,
      method: request.method,
      headers: {
        Authorization: `Bearer ${token.value}`,
        ...(request.json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      provider: 'Salesforce',
      ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
    });
  }
}
