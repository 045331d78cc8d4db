import type { ConnectionType } from '../crm/connections';
import { clientFromConnection, KINTONE_CONNECTION_TYPE, testKintoneConnection } from '../kintone/connection';
import { SLACK_CONNECTION_TYPE } from '../slack/settings';
import { createSlackWebApi } from '../slack/web-api';
import { TELEPHONY_CONNECTION_TYPE } from '../telephony/calls';

/**
 * Connection types whose integrations have their own screens and rows (Slack workspaces, kintone
 * apps, phone systems): listed here so the connections list names them and "test" works on them.
 */
export const OTHER_CONNECTION_TYPES: readonly ConnectionType[] = [
  {
    type: SLACK_CONNECTION_TYPE,
    kind: undefined,
    labels: { ja: 'Slack ワークスペース', en: 'Slack workspace' },
    builtin: false,
    test: async ({ credentials }) => {
      const token = typeof credentials.botToken === 'string' ? credentials.botToken : '';
      const answer = await createSlackWebApi().call({ token, method: 'auth.test', args: {} });
      if (answer.kind === 'ok') return { ok: true, message: { ja: '接続できました。', en: 'Connected.' } };
      const why =
        answer.kind === 'error'
          ? answer.error
          : answer.kind === 'unreachable'
            ? answer.message
            : 'rate_limited';
      return {
        ok: false,
        message: { ja: `Slack に接続できません（${why}）。`, en: `Cannot reach Slack (${why}).` },
      };
    },
  },
  {
    type: KINTONE_CONNECTION_TYPE,
    kind: undefined,
    labels: { ja: 'kintone', en: 'kintone' },
    builtin: false,
    test: async ({ connection, credentials }) => {
      const appId = connection.settings.appId;
      if (typeof appId !== 'string' && typeof appId !== 'number') {
        return {
          ok: false,
          message: { ja: 'アプリ ID が設定されていません。', en: 'No app id is set for this connection.' },
        };
      }
      const client = clientFromConnection({ settings: connection.settings, credentials });
      const result = await testKintoneConnection(client, String(appId));
      return { ok: result.ok, message: result.message };
    },
  },
  {
    type: TELEPHONY_CONNECTION_TYPE,
    kind: undefined,
    labels: { ja: '電話システム', en: 'Phone system' },
    builtin: false,
    // The phone system calls Musubi, not the other way round: what can be checked is the token.
    test: async ({ connection }) =>
      typeof connection.settings.tokenHash === 'string'
        ? {
            ok: true,
            message: { ja: '受信用トークンが設定されています。', en: 'The receiving token is set.' },
          }
        : { ok: false, message: { ja: '受信用トークンがありません。', en: 'There is no receiving token.' } },
  },
];
