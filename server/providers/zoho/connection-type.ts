import { isRecord } from '../../../runtime/engine/registry';
import type { ConnectionType, TestResult } from '../../crm/connections';
import { scalarText } from '../http';
import { ZOHO_CONNECTION_TYPE } from './connector';
import { ZohoAuthError, ZohoSession } from './session';
import { readZohoCredentials, readZohoSettings } from './settings';

/**
 * Tests a Zoho connection: refreshes the token (a refusal names the client, the refresh token or
 * the data centre), then reads the CRM organisation (a missing scope is named).
 */
export async function testZohoConnection(context: {
  settings: unknown;
  credentials: Record<string, unknown>;
}): Promise<TestResult> {
  const session = new ZohoSession({
    settings: readZohoSettings(context.settings),
    credentials: readZohoCredentials(context.credentials),
    now: Date.now,
    onRefused: async () => {},
  });
  try {
    const { apiDomain } = await session.refreshNow();
    const answer = await session.call({ service: 'crm', method: 'GET', path: '/crm/v7/org' });
    if (answer.status !== 200) {
      const code = isRecord(answer.body)
        ? scalarText(answer.body.code, String(answer.status))
        : String(answer.status);
      return {
        ok: false,
        message: {
          ja: `Zoho CRM の組織情報を読めません（${code}）。`,
          en: `Cannot read the Zoho CRM organisation (${code}).`,
        },
      };
    }
    return { ok: true, message: { ja: `接続できました（${apiDomain}）。`, en: `Connected (${apiDomain}).` } };
  } catch (error) {
    if (error instanceof ZohoAuthError) return { ok: false, message: error.localized };
    throw error;
  }
}

/** The registration in CONNECTION_TYPES: one authorisation serves CRM, Desk and Campaigns. */
export const ZOHO_TYPE: ConnectionType = {
  type: ZOHO_CONNECTION_TYPE,
  kind: 'crm',
  serves: ['crm', 'desk', 'lists'],
  labels: { ja: 'Zoho（CRM・Desk・Campaigns）', en: 'Zoho (CRM, Desk, Campaigns)' },
  builtin: false,
  test: ({ connection, credentials }) => testZohoConnection({ settings: connection.settings, credentials }),
};
