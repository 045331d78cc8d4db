import type { ConnectionType, TestResult } from '../../crm/connections';
import { SALESFORCE_CONNECTION_TYPE } from './connector';
import { salesforceError } from './errors';
import {
  readSalesforceCredentials,
  readSalesforceSettings,
  SalesforceAuthError,
  SalesforceSession,
} from './session';

/** Tests a Salesforce connection: a refresh (naming a bad key / secret / revoked token), then `/limits`. */
export async function testSalesforceConnection(context: {
  settings: unknown;
  credentials: Record<string, unknown>;
}): Promise<TestResult> {
  const session = new SalesforceSession({
    settings: readSalesforceSettings(context.settings),
    credentials: readSalesforceCredentials(context.credentials),
    onRefused: async () => {},
  });
  try {
    const { instanceUrl } = await session.refreshNow();
    const answer = await session.call({ method: 'GET', path: '/limits/' });
    if (answer.status !== 200)
      return { ok: false, message: salesforceError(answer).localized ?? { ja: '', en: '' } };
    return {
      ok: true,
      message: { ja: `接続できました（${instanceUrl}）。`, en: `Connected (${instanceUrl}).` },
    };
  } catch (error) {
    if (error instanceof SalesforceAuthError) return { ok: false, message: error.localized };
    throw error;
  }
}

/** The registration in CONNECTION_TYPES (used by the telephony nodes, not a crm/desk/lists kind). */
export const SALESFORCE_TYPE: ConnectionType = {
  type: SALESFORCE_CONNECTION_TYPE,
  kind: undefined,
  labels: { ja: 'Salesforce', en: 'Salesforce' },
  builtin: false,
  test: ({ connection, credentials }) =>
    testSalesforceConnection({ settings: connection.settings, credentials }),
};
