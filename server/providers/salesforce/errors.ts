import { isRecord } from '../../../runtime/engine/registry';
import { NodeError } from '../../../runtime/model/errors';
import { scalarText, type ProviderResponse } from '../http';
import { SalesforceAuthError } from './session';

/** Codes that retrying cannot fix: the input, a reference or the org's setup is at fault. */
const INPUT_CODES = new Set([
  'REQUIRED_FIELD_MISSING',
  'INVALID_CROSS_REFERENCE_KEY',
  'FIELD_INTEGRITY_EXCEPTION',
  'INVALID_FIELD',
  'MALFORMED_ID',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'STRING_TOO_LONG',
  'NOT_FOUND',
]);

/**
 * Salesforce's array-shaped error (`[{message, errorCode, fields}]`) as the node's failure: the code
 * and the fields named; REQUEST_LIMIT_EXCEEDED and 5xx may pass later and are retryable.
 */
export function salesforceError(response: ProviderResponse): NodeError {
  const list: unknown[] = Array.isArray(response.body) ? response.body.filter(() => true) : [response.body];
  const first = isRecord(list[0]) ? list[0] : {};
  const code = scalarText(first.errorCode, `HTTP_${response.status}`);
  const said = scalarText(first.message, '');
  const fields = Array.isArray(first.fields) ? first.fields.filter((field) => typeof field === 'string') : [];
  const named = fields.length > 0 ? ` [${fields.join(', ')}]` : '';
  return new NodeError({
    code: `salesforce_${code.toLowerCase()}`,
    retryable: !INPUT_CODES.has(code) && (response.status >= 500 || code === 'REQUEST_LIMIT_EXCEEDED'),
    details: { status: response.status, errorCode: code, fields },
    message: {
      ja: `Salesforce がエラーを返しました（${code}${named}）: ${said}`,
      en: `Salesforce answered with an error (${code}${named}): ${said}`,
    },
  });
}

/** A refused authorisation: the run fails with `integration_disabled` instead of retrying. */
export async function salesforceGuarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SalesforceAuthError) {
      throw new NodeError({ code: 'integration_disabled', retryable: false, message: error.localized });
    }
    throw error;
  }
}
