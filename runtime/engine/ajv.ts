import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Annotation keywords our schemas carry for the editor's forms. Ajv's strict mode refuses unknown
 * keywords, so they are declared here once.
 * - x-label / x-help: field label and help text, `{ ja, en }`.
 * - x-widget: how the form renders the field (textarea, template, variable, conditions, cron …).
 * - x-secret: the value is a secret: a password field, and redacted from run records.
 */
export const ANNOTATION_KEYWORDS = ['x-label', 'x-help', 'x-widget', 'x-secret', 'x-placeholder', 'x-order'];

type AddFormats = (ajv: Ajv) => unknown;

// ajv-formats ships CommonJS; under ESM its function may arrive wrapped once more in `default`.
function resolveAddFormats(module: unknown): AddFormats {
  const candidate: unknown =
    isFunction(module) || typeof module !== 'object' || module === null
      ? module
      : Reflect.get(module, 'default');
  if (!isFunction(candidate)) throw new Error('ajv-formats did not load');
  return candidate;
}

function isFunction(value: unknown): value is AddFormats {
  return typeof value === 'function';
}

const addFormats = resolveAddFormats(addFormatsModule);

export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, ...options });
  addFormats(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}
