import { NodeError } from '../../runtime/model/errors';
import type { KintonePort } from '../../runtime/ports/kintone';
import type { Database } from '../db/index';
import { KintoneError } from '../kintone/client';
import type { KintoneClientOptions } from '../kintone/client';
import { clientForConnection } from '../kintone/connection';

/**
 * The kintone port: a request through a stored kintone connection. Failures become NodeErrors
 * whose `code` is kintone's (GAIA_IA02, CB_NO02, CB_VA01 …; `integration_disabled` for a missing
 * or switched-off connection) with `details.errors` for validation; the client already retried
 * 429 / GAIA_TO04 / 5xx with backoff, so they are not retried again.
 */
export function createKintoneAdapter(options: {
  db: Database;
  secretKey: Buffer;
  client?: Partial<KintoneClientOptions>;
}): KintonePort {
  return {
    async request(connectionId, request) {
      const found = await clientForConnection({
        db: options.db,
        secretKey: options.secretKey,
        connectionId,
        ...(options.client ? { client: options.client } : {}),
      });
      if (!found || found.row.status !== 'enabled') {
        throw new NodeError({
          code: 'integration_disabled',
          retryable: false,
          message: {
            ja: `kintone の連携「${connectionId}」がないか、無効になっています。`,
            en: `The kintone connection "${connectionId}" does not exist or is switched off.`,
          },
        });
      }
      const body =
        typeof request.body === 'object' && request.body !== null
          ? Object.fromEntries(Object.entries(request.body))
          : undefined;
      try {
        return await found.client.request(request.method, request.path, body);
      } catch (error) {
        if (!(error instanceof KintoneError)) throw error;
        throw new NodeError({
          code: error.code,
          retryable: false,
          message: error.message,
          details: { status: error.status, errors: error.errors },
        });
      }
    },
  };
}
