import { isRecord } from '../../../runtime/engine/registry';
import { NodeError } from '../../../runtime/model/errors';
import type { CrmRefusal } from '../../../runtime/ports/crm';
import { scalarText, type ProviderResponse } from '../http';
import { ZohoAuthError } from './session';

/** A call that Zoho refused to authorise becomes the node's `integration_disabled` branch. */
export async function authGuarded<T>(work: () => Promise<T>): Promise<T | CrmRefusal> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ZohoAuthError) {
      return { ok: false, reason: 'integration_disabled', message: error.localized };
    }
    throw error;
  }
}

/** A read whose answer is not needed to decide a branch: an auth refusal gives `fallback`. */
export async function authTolerant<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ZohoAuthError) return fallback;
    throw error;
  }
}

/** An answer no branch covers: 5xx may pass with a retry, anything else will not. */
export function unexpectedAnswer(service: string, response: ProviderResponse): NodeError {
  const body = isRecord(response.body) ? response.body : {};
  const code = scalarText(body.code ?? body.errorCode, `http_${response.status}`);
  const message = typeof body.message === 'string' ? body.message : '';
  return new NodeError({
    code: `zoho_${code.toLowerCase()}`,
    retryable: response.status >= 500,
    details: { status: response.status, body: response.body },
    message: {
      ja: `${service} がエラーを返しました（HTTP ${response.status} ${code}）${message ? `: ${message}` : ''}`,
      en: `${service} answered with an error (HTTP ${response.status} ${code})${message ? `: ${message}` : ''}`,
    },
  });
}
