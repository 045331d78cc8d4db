import { isRecord } from '../../runtime/engine/registry';
import type { Localized } from '../../runtime/model/localized';
import { openSecret } from '../crypto/secret-box';
import type { Database } from '../db/index';
import type { ConnectionModel } from '../db/models/crm/index';
import { createKintoneClient, KintoneError, kintoneBaseUrl, MAX_TOKENS_PER_REQUEST } from './client';
import type { KintoneClient, KintoneClientOptions } from './client';

/**
 * A kintone connection: settings `{ domain, appId? }` (domain: `acme`, `acme.cybozu.com`,
 * `acme.kintone.com` or a full base URL), sealed credentials `{ tokens, basicUser?, basicPassword? }`
 * where `tokens` is a comma-separated list (≤ 9) or an array.
 */

export const KINTONE_CONNECTION_TYPE = 'kintone';

/** The API tokens of a credentials object, split and trimmed. */
export function tokensOf(credentials: Record<string, unknown>): string[] {
  const raw = credentials.tokens ?? credentials.token;
  const list = Array.isArray(raw)
    ? raw.map((item) => (typeof item === 'string' ? item : ''))
    : typeof raw === 'string'
      ? raw.split(',')
      : [];
  return list.map((token) => token.trim()).filter((token) => token !== '');
}

/** Opens a connection row's sealed credentials. */
export function openCredentials(row: ConnectionModel, secretKey: Buffer): Record<string, unknown> {
  if (!row.credentials) return {};
  const parsed: unknown = JSON.parse(
    openSecret({ key: secretKey, sealed: row.credentials, aad: `connection:${row.id}` }),
  );
  return isRecord(parsed) ? parsed : {};
}

/** A client for a connection's settings and credentials; `extraTokens` adds another app's token. */
export function clientFromConnection(options: {
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
  extraTokens?: string[];
  client?: Partial<KintoneClientOptions>;
}): KintoneClient {
  const domain = typeof options.settings.domain === 'string' ? options.settings.domain : '';
  const tokens = [...tokensOf(options.credentials), ...(options.extraTokens ?? [])];
  if (tokens.length > MAX_TOKENS_PER_REQUEST) {
    throw new KintoneError({
      status: 0,
      code: 'too_many_tokens',
      message: `At most ${MAX_TOKENS_PER_REQUEST} API tokens can be given (found ${tokens.length}).`,
    });
  }
  const user = typeof options.credentials.basicUser === 'string' ? options.credentials.basicUser : '';
  const password =
    typeof options.credentials.basicPassword === 'string' ? options.credentials.basicPassword : '';
  return createKintoneClient({
    baseUrl: kintoneBaseUrl(domain),
    tokens,
    ...(user === '' ? {} : { basicAuth: { user, password } }),
    ...options.client,
  });
}

/** The client of a stored kintone connection, or undefined when it is missing or of another type. */
export async function clientForConnection(options: {
  db: Database;
  secretKey: Buffer;
  connectionId: string;
  client?: Partial<KintoneClientOptions>;
}): Promise<{ client: KintoneClient; row: ConnectionModel } | undefined> {
  const row = await options.db.models.Connection.findByPk(options.connectionId);
  if (!row || row.type !== KINTONE_CONNECTION_TYPE) return undefined;
  const client = clientFromConnection({
    settings: row.settings,
    credentials: openCredentials(row, options.secretKey),
    ...(options.client ? { client: options.client } : {}),
  });
  return { client, row };
}

export interface KintoneTestResult {
  ok: boolean;
  /** view / add / edit: what the token may do; missing ones are named in the message. */
  permissions: { view: boolean; add: boolean; edit: boolean };
  code?: string;
  message: Localized;
}

const PERMISSION_NAMES = {
  view: { ja: 'レコード閲覧', en: 'View records' },
  add: { ja: 'レコード追加', en: 'Add records' },
  edit: { ja: 'レコード編集', en: 'Edit records' },
} as const;

function explain(error: KintoneError, appId: string): Localized {
  switch (error.code) {
    case 'GAIA_IA02':
    case 'GAIA_AP15':
      return {
        ja: `API トークンがアプリ ${appId} のものではないか、正しくありません。アプリの設定で API トークンを確認し、「アプリを更新」を押してください。`,
        en: `The API token is wrong or does not belong to app ${appId}. Check it in the app's settings and press "Update app".`,
      };
    case 'GAIA_AP01':
      return {
        ja: `アプリ ${appId} が見つかりません。アプリ ID を確認してください。`,
        en: `App ${appId} does not exist. Check the app ID.`,
      };
    case 'basic_auth_failed':
      return {
        ja: 'Basic 認証が必要です（IP 制限が有効）。Basic 認証のユーザー名とパスワードを確認してください。',
        en: 'kintone asks for Basic authentication (IP restriction is on). Check the Basic auth user and password.',
      };
    case 'CB_AU01':
      return { ja: 'API トークンが設定されていません。', en: 'No API token is configured.' };
    default:
      return {
        ja: `kintone がエラーを返しました（${error.code}）: ${error.message}`,
        en: `kintone answered with an error (${error.code}): ${error.message}`,
      };
  }
}

/**
 * Checks the token against the app: it can read the form and records (view), and — without
 * writing anything — whether it may add (an empty bulk add is refused as invalid only when the
 * token may add) and edit (an update of record 0 is "not found" only when the token may edit).
 */
export async function testKintoneConnection(
  client: KintoneClient,
  appId: string,
): Promise<KintoneTestResult> {
  const permissions = { view: false, add: false, edit: false };
  try {
    await client.request('GET', '/k/v1/records.json', { app: appId, query: 'limit 1' });
    permissions.view = true;
  } catch (error) {
    if (!(error instanceof KintoneError)) throw error;
    if (error.code !== 'CB_NO02')
      return { ok: false, permissions, code: error.code, message: explain(error, appId) };
  }
  const probe = async (key: 'add' | 'edit', call: () => Promise<unknown>, allowedCodes: string[]) => {
    try {
      await call();
      permissions[key] = true;
    } catch (error) {
      if (!(error instanceof KintoneError)) throw error;
      if (allowedCodes.includes(error.code)) permissions[key] = true;
      else if (error.code !== 'CB_NO02') throw error;
    }
  };
  try {
    await probe('add', () => client.request('POST', '/k/v1/records.json', { app: appId, records: [] }), [
      'CB_VA01',
    ]);
    await probe(
      'edit',
      () => client.request('PUT', '/k/v1/record.json', { app: appId, id: '0', record: {} }),
      ['GAIA_RE01', 'CB_VA01'],
    );
  } catch (error) {
    if (error instanceof KintoneError)
      return { ok: false, permissions, code: error.code, message: explain(error, appId) };
    throw error;
  }
  const missing = (['view', 'add', 'edit'] as const).filter((key) => !permissions[key]);
  if (missing.length === 0) {
    return {
      ok: true,
      permissions,
      message: {
        ja: `アプリ ${appId} に接続できました（閲覧・追加・編集）。`,
        en: `Connected to app ${appId} (view, add, edit).`,
      },
    };
  }
  return {
    ok: false,
    permissions,
    code: 'CB_NO02',
    message: {
      ja: `API トークンに「${missing.map((key) => PERMISSION_NAMES[key].ja).join('」「')}」の権限がありません。アプリの設定で権限に印を付け、「アプリを更新」を押してください。`,
      en: `The API token lacks the permission${missing.length > 1 ? 's' : ''} ${missing.map((key) => `"${PERMISSION_NAMES[key].en}"`).join(', ')}. Tick ${missing.length > 1 ? 'them' : 'it'} in the app's API token settings and press "Update app".`,
    },
  };
}
