import { NodeError } from '../../runtime/model/errors';
import { isRecord } from '../../runtime/engine/registry';
import { valueToText } from '../../runtime/engine/conditions';

export type BodyType = 'json' | 'text' | 'form';

const CONTENT_TYPES: Record<BodyType, string> = {
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  form: 'application/x-www-form-urlencoded',
};

/**
 * A request body as text plus its content type. The rendered body may be text (a template that
 * produced JSON or form text) or a value (a template that is exactly `{{ vars.order }}`).
 */
export function encodeBody(o: {
  body: unknown;
  bodyType: BodyType;
}): { text: string; contentType: string } | undefined {
  const { body, bodyType } = o;
  if (body === undefined || body === null || (typeof body === 'string' && body.trim() === ''))
    return undefined;
  const contentType = CONTENT_TYPES[bodyType];
  if (bodyType === 'text') return { text: valueToText(body), contentType };
  if (bodyType === 'json') {
    if (typeof body !== 'string') return { text: JSON.stringify(body), contentType };
    parseJsonOrThrow(body);
    return { text: body, contentType };
  }
  const fields = typeof body === 'string' && body.trim().startsWith('{') ? parseJsonOrThrow(body) : body;
  if (isRecord(fields)) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) params.append(name, valueToText(value));
    return { text: params.toString(), contentType };
  }
  // Already form-encoded text (a=1&b=2).
  return { text: valueToText(fields), contentType };
}

function parseJsonOrThrow(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NodeError({
      code: 'invalid_json_body',
      retryable: false,
      message: {
        ja: `本文が JSON として正しくありません: ${reason}`,
        en: `The body is not valid JSON: ${reason}`,
      },
    });
  }
}

/** A header's value, whatever the case of its name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
