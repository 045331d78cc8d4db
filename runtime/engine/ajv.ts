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

// ajv-formats ships CommonJS; its default export arrives wrapped once more under ESM.
const addFormats: typeof addFormatsModule.default =
  'default' in addFormatsModule ? addFormatsModule.default : addFormatsModule;

export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, ...options });
  addFormats(ajv);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}
