import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../../runtime/engine/registry';
import type { ConnectionModel } from '../db/models/crm/index';
import { providerFetch, scalarText } from './http';
import { SALESFORCE_CONNECTION_TYPE } from './salesforce/connector';
import { readSalesforceCredentials, readSalesforceSettings } from './salesforce/session';
import { ZOHO_CONNECTION_TYPE } from './zoho/connector';
import { readZohoCredentials, readZohoSettings } from './zoho/settings';

/**
 * The authorisation-code flow of the provider connections: the URL the admin is sent to (with the
 * customer's own client id), a signed state naming the connection, and the code exchanged for the
 * refresh token that is then sealed with the connection's credentials.
 */

/** Zoho scopes for what the nodes do: CRM records and field metadata, Desk tickets, Campaigns. */
export const ZOHO_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.fields.READ',
  'ZohoCRM.org.READ',
  'Desk.tickets.ALL',
  'Desk.basic.READ',
  'ZohoCampaigns.contact.ALL',
  'ZohoCampaigns.lists.READ',
];

const STATE_TTL_MS = 10 * 60_000;

export function isOAuthProvider(type: string): boolean {
  return type === ZOHO_CONNECTION_TYPE || type === SALESFORCE_CONNECTION_TYPE;
}

/** A state bound to the connection, valid for ten minutes, signed with the instance key. */
export function signState(options: { connectionId: string; secretKey: Buffer; now: number }): string {
  const payload = Buffer.from(
    JSON.stringify({ c: options.connectionId, e: options.now + STATE_TTL_MS }),
  ).toString('base64url');
  return `${payload}.${mac(payload, options.secretKey)}`;
}

/** The connection id of a valid, unexpired state; undefined otherwise. */
export function readState(options: { state: string; secretKey: Buffer; now: number }): string | undefined {
  const [payload, signature] = options.state.split('.');
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(mac(payload, options.secretKey));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!isRecord(parsed) || typeof parsed.c !== 'string' || typeof parsed.e !== 'number') return undefined;
  return parsed.e > options.now ? parsed.c : undefined;
}

function mac(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(`provider-oauth:${payload}`).digest('base64url');
}

/** Where to send the admin to authorise the connection. */
export function authorisationUrl(options: {
  connection: ConnectionModel;
  credentials: Record<string, unknown>;
  redirectUri: string;
  state: string;
}): string {
  const { connection, credentials, redirectUri, state } = options;
  if (connection.type === ZOHO_CONNECTION_TYPE) {
    const url = new URL(`${readZohoSettings(connection.settings).accountsUrl}/oauth/v2/auth`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', readZohoCredentials(credentials).clientId);
    url.searchParams.set('scope', ZOHO_SCOPES.join(','));
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('state', state);
    return url.toString();
  }
  const url = new URL(`${readSalesforceSettings(connection.settings).loginUrl}/services/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', readSalesforceCredentials(credentials).clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', 'api refresh_token');
  url.searchParams.set('state', state);
  return url.toString();
}

/** Exchanges the code for a refresh token; `error` is the provider's own word for a refusal. */
export async function exchangeCode(options: {
  connection: ConnectionModel;
  credentials: Record<string, unknown>;
  redirectUri: string;
  code: string;
}): Promise<{ refreshToken: string } | { error: string }> {
  const { connection, credentials } = options;
  const zoho = connection.type === ZOHO_CONNECTION_TYPE;
  const client = zoho ? readZohoCredentials(credentials) : readSalesforceCredentials(credentials);
  const tokenUrl = zoho
    ? `${readZohoSettings(connection.settings).accountsUrl}/oauth/v2/token`
    : `${readSalesforceSettings(connection.settings).loginUrl}/services/oauth2/token`;
  const answer = await providerFetch({
    url: tokenUrl,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uri: options.redirectUri,
      code: options.code,
    }).toString(),
    provider: zoho ? 'Zoho Accounts' : 'Salesforce',
  });
  const body = isRecord(answer.body) ? answer.body : {};
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '')
    return { refreshToken: body.refresh_token };
  return { error: scalarText(body.error, `HTTP ${answer.status}`) };
}
