import { NodeError } from '../../runtime/model/errors';
import type { TelephonyPort } from '../../runtime/ports/telephony';
import type { ConnectionService } from '../crm/connections';
import type { Database } from '../db/index';
import { SALESFORCE_CONNECTION_TYPE, SalesforceConnector } from './salesforce/connector';
import { createSalesforceTelephonyPort } from './salesforce/telephony-port';

/**
 * The `telephony` port runs get: a call without a connection id goes to the built-in CRM's
 * records (`local`); one naming a Salesforce connection goes to that org. What became of a call
 * (`setCallStatus`) always stays on Musubi's own call record.
 */
export function createRoutedTelephonyPort(options: {
  db: Database;
  connections: ConnectionService;
  local: TelephonyPort;
}): TelephonyPort {
  const { db, connections, local } = options;
  const salesforce = new SalesforceConnector({ db, connections });
  const portFor = async (connectionId: string | undefined): Promise<TelephonyPort> => {
    if (connectionId === undefined) return local;
    const row = await db.models.Connection.findByPk(connectionId, { attributes: ['id', 'type', 'status'] });
    if (!row) throw connectionRefused(connectionId, 'missing');
    if (row.type !== SALESFORCE_CONNECTION_TYPE) throw connectionRefused(connectionId, 'wrong_type');
    if (row.status !== 'enabled') throw connectionRefused(connectionId, 'disabled');
    return createSalesforceTelephonyPort({ connector: salesforce, connectionId, local });
  };
  return {
    matchPhone: async (request) => (await portFor(request.connectionId)).matchPhone(request),
    logCall: async (request) => (await portFor(request.connectionId)).logCall(request),
    createTodo: async (request) => (await portFor(request.connectionId)).createTodo(request),
    setCallStatus: (status) => local.setCallStatus(status),
  };
}

/** A connection that cannot serve the node: retrying will not help until someone fixes it. */
function connectionRefused(connectionId: string, why: 'missing' | 'wrong_type' | 'disabled'): NodeError {
  const message =
    why === 'missing'
      ? {
          ja: `連携「${connectionId}」が見つかりません。ノードの「連携」を空にするか、Salesforce の連携 ID を指定してください。`,
          en: `The connection "${connectionId}" does not exist. Leave the node's "Connection" empty or give a Salesforce connection's id.`,
        }
      : why === 'wrong_type'
        ? {
            ja: `連携「${connectionId}」は Salesforce の連携ではありません。通話の記録と ToDo は Salesforce か内蔵 CRM（空欄）に書き込めます。`,
            en: `The connection "${connectionId}" is not a Salesforce connection. Calls and to-dos go to Salesforce or, left empty, to the built-in CRM.`,
          }
        : {
            ja: `連携「${connectionId}」は無効になっています。連携の画面で有効にしてください。`,
            en: `The connection "${connectionId}" is switched off. Switch it on in the connections screen.`,
          };
  return new NodeError({
    code: why === 'disabled' ? 'integration_disabled' : 'invalid_input',
    retryable: false,
    message,
    details: { field: 'connectionId' },
  });
}
