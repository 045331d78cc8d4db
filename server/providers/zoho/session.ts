import { isRecord } from '../../../runtime/engine/registry';
import type { Localized } from '../../../runtime/model/localized';
import { providerFetch, scalarText, type ProviderResponse } from '../http';
import { OAuthTokens } from '../oauth-session';
import type { ZohoCredentials, ZohoSettings } from './settings';

/** Zoho refused the connection's credentials: the node takes `integration_disabled`. */
export class ZohoAuthError extends Error {
  constructor(
    readonly reason: 'not_authorised' | 'bad_client' | 'refresh_refused' | 'token_refused' | 'scope_missing',
    readonly localized: Localized,
  ) {
    super(localized.en);
    this.name = 'ZohoAuthError';
  }
}

export type ZohoService = 'crm' | 'desk' | 'campaigns';

interface ZohoToken {
  value: string;
  apiDomain: string;
  expiresAt: number;
}

/** Refresh this long before the access token's stated expiry, so a call never races it. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * One Zoho connection's OAuth state: the access token and `api_domain` from the last refresh,
 * refreshed before it expires and once more when an API answers 401. A refusal after that refresh
 * sticks (every later call fails at once) until the connection's credentials change.
 */
export class ZohoSession {
  private readonly tokens: OAuthTokens<ZohoToken, ZohoAuthError>;
  private deskOrgId: string | undefined;

  constructor(
    private readonly options: {
      settings: ZohoSettings;
      credentials: ZohoCredentials;
      now: () => number;
      /** Told once when Zoho refuses the credentials (the connection is shown as broken). */
      onRefused: (error: ZohoAuthError) => Promise<void>;
    },
  ) {
    this.deskOrgId = options.settings.deskOrgId;
    const { settings } = options;
    this.tokens = new OAuthTokens({
      provider: 'Zoho Accounts',
      tokenUrl: `${settings.accountsUrl}/oauth/v2/token`,
      client: options.credentials,
      readToken: (body) => {
        if (typeof body.access_token !== 'string') return undefined;
        const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
        return {
          value: body.access_token,
          apiDomain:
            typeof body.api_domain === 'string'
              ? body.api_domain.replace(/\/+$/, '')
              : `https://www.zohoapis.${settings.dataCentre}`,
          expiresAt: options.now() + expiresIn * 1000,
        };
      },
      refused: (body) => tokenEndpointError(body.error, settings.dataCentre),
      notAuthorised: () =>
        new ZohoAuthError('not_authorised', {
          ja: 'この Zoho 連携はまだ認証されていません（リフレッシュトークンがありません）。',
          en: 'This Zoho connection has not been authorised yet (no refresh token).',
        }),
      isFresh: (token) => token.expiresAt - EXPIRY_MARGIN_MS > options.now(),
      onRefused: options.onRefused,
    });
  }

  /** One API call with the access token; refreshed and repeated once on 401. */
  async call(request: {
    service: ZohoService;
    method: string;
    path: string;
    json?: unknown;
    form?: Record<string, string>;
  }): Promise<ProviderResponse> {
    const first = await this.send(request, false);
    if (!isUnauthorised(first)) return first;
    if (isScopeMismatch(first)) await this.tokens.refuse(scopeMissing());
    const second = await this.send(request, true);
    if (!isUnauthorised(second)) return second;
    return this.tokens.refuse(
      isScopeMismatch(second)
        ? scopeMissing()
        : new ZohoAuthError('token_refused', {
            ja: 'Zoho が更新したアクセストークンも受け付けませんでした。連携を再認証してください。',
            en: 'Zoho refused even a freshly refreshed access token. Authorise the connection again.',
          }),
    );
  }

  /** A fresh token (for the connection test): refreshes now and reports refusals as thrown. */
  async refreshNow(): Promise<{ apiDomain: string }> {
    const token = await this.tokens.refresh();
    return { apiDomain: token.apiDomain };
  }

  private async send(
    request: {
      service: ZohoService;
      method: string;
      path: string;
      json?: unknown;
      form?: Record<string, string>;
    },
    forceRefresh: boolean,
  ): Promise<ProviderResponse> {
    const token = await this.tokens.current(forceRefresh);
    const headers: Record<string, string> = { Authorization: `Zoho-oauthtoken ${token.value}` };
    let base = token.apiDomain;
    if (request.service === 'desk') {
      base = this.options.settings.deskUrl;
      if (request.path !== '/api/v1/organizations') headers.orgId = await this.orgId(token.value);
    } else if (request.service === 'campaigns') {
      base = this.options.settings.campaignsUrl;
    }
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    return providerFetch({
      url: `${base}${request.path}`,
      method: request.method,
      headers,
      provider: 'Zoho',
      ...(body === undefined ? {} : { body }),
    });
  }

  /** The Desk organisation: the configured one, else the default of `/organizations`. */
  private async orgId(accessToken: string): Promise<string> {
    if (this.deskOrgId) return this.deskOrgId;
    const answer = await providerFetch({
      url: `${this.options.settings.deskUrl}/api/v1/organizations`,
      method: 'GET',
      headers: { Authorization: `Zoho-oauthtoken ${accessToken}` },
      provider: 'Zoho Desk',
    });
    const orgs =
      isRecord(answer.body) && Array.isArray(answer.body.data) ? answer.body.data.filter(isRecord) : [];
    const chosen = orgs.find((org) => org.isDefault === true) ?? orgs[0];
    const id = chosen?.id;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new Error(`Zoho Desk lists no organisation for this account (HTTP ${answer.status}).`);
    }
    this.deskOrgId = String(id);
    return this.deskOrgId;
  }
}

function isUnauthorised(response: ProviderResponse): boolean {
  if (response.status === 401) return true;
  // Campaigns answers 200 with its own code for a bad token.
  return isRecord(response.body) && response.body.status === 'error' && response.body.code === '1007';
}

function isScopeMismatch(response: ProviderResponse): boolean {
  return (
    isRecord(response.body) &&
    (response.body.code === 'OAUTH_SCOPE_MISMATCH' || response.body.errorCode === 'SCOPE_MISMATCH')
  );
}

function scopeMissing(): ZohoAuthError {
  return new ZohoAuthError('scope_missing', {
    ja: 'Zoho の認証に必要なスコープがありません。スコープを付けて再認証してください。',
    en: 'The Zoho authorisation lacks a scope this call needs. Authorise again with the scopes.',
  });
}

function tokenEndpointError(code: unknown, dataCentre: string): ZohoAuthError {
  if (code === 'invalid_client' || code === 'invalid_client_secret') {
    return new ZohoAuthError('bad_client', {
      ja: `クライアント ID かシークレットが違うか、データセンター（zoho.${dataCentre}）が違います。`,
      en: `The client id or secret is wrong, or the data centre (zoho.${dataCentre}) is not the account's.`,
    });
  }
  return new ZohoAuthError('refresh_refused', {
    ja: `Zoho がリフレッシュトークンを受け付けません（${scalarText(code, '不明')}）。取り消されたか期限切れです。再認証してください。`,
    en: `Zoho refused the refresh token (${scalarText(code, 'unknown')}): revoked or expired. Authorise the connection again.`,
  });
}
