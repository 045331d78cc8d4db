import type { Static, TSchema } from 'typebox';
import { createAjv } from '../../runtime/engine/ajv';
import { CrmInputError, type FieldProblem } from './errors';

const ajv = createAjv();

/**
 * A checker for a JSON body described by a TypeBox schema: the value typed by its schema, or a
 * CrmInputError naming every field that is wrong (`stages.1.name`, not a JSON pointer).
 */
export function crmBodyChecker<T extends TSchema>(schema: T): (value: unknown) => Static<T> {
  const validate = ajv.compile<Static<T>>(schema);
  return (value) => {
    if (validate(value)) return value;
    const problems: FieldProblem[] = [];
    for (const error of validate.errors ?? []) {
      const params: Record<string, unknown> = error.params;
      const missing = params.missingProperty;
      const extra = params.additionalProperty;
      const key = typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : undefined;
      const pointer = key === undefined ? error.instancePath : `${error.instancePath}/${key}`;
      const field = pointer.replace(/^\//, '').replaceAll('/', '.') || '(body)';
      if (problems.some((problem) => problem.field === field)) continue;
      problems.push({
        field,
        message: messageOf({ keyword: error.keyword, text: error.message ?? 'is invalid', key }),
      });
    }
    throw new CrmInputError(problems);
  };
}

function messageOf(options: { keyword: string; text: string; key: string | undefined }): {
  ja: string;
  en: string;
} {
  switch (options.keyword) {
    case 'required':
      return { ja: '必須です。', en: 'is required.' };
    case 'additionalProperties':
      return { ja: 'この項目はありません。', en: 'is not a field here.' };
    default:
      return { ja: `値が正しくありません（${options.text}）。`, en: options.text };
  }
}
