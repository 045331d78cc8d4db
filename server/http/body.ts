import type { Static, TSchema } from 'typebox';
import { createAjv } from '../../runtime/engine/ajv';
import { HttpError } from './errors';

const ajv = createAjv();

/**
 * A checker for a request body (or query) described by a TypeBox schema. It returns the value
 * typed by its schema, or throws a 400 naming each field that is wrong.
 */
export function bodyChecker<T extends TSchema>(schema: T): (value: unknown) => Static<T> {
  const validate = ajv.compile<Static<T>>(schema);
  return (value) => {
    if (validate(value)) return value;
    const problems = (validate.errors ?? []).map((error) => {
      const params: Record<string, unknown> = error.params;
      const missing = params.missingProperty;
      const extra = params.additionalProperty;
      const key = typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : undefined;
      const field = key === undefined ? error.instancePath : `${error.instancePath}/${key}`;
      return { field: field.replace(/^\//, '') || '(body)', message: error.message ?? 'is invalid' };
    });
    const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new HttpError({
      status: 400,
      code: 'invalid_request',
      message: {
        ja: `リクエストの内容が正しくありません（${list}）。`,
        en: `The request is not valid (${list}).`,
      },
      details: { problems },
    });
  };
}
