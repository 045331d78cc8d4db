import { Liquid, type Template } from 'liquidjs';
import { isRecord } from './registry';

/** What templates can read: `{{ trigger.body.name }}`, `{{ vars.email }}`, `{{ nodes.ask_1.answer }}`. */
export interface TemplateScope {
  trigger: unknown;
  vars: Readonly<Record<string, unknown>>;
  nodes: Readonly<Record<string, unknown>>;
}

/**
 * One Liquid engine for every run. `templates: {}` replaces the file system, so `{% include %}` and
 * `{% render %}` can never read a file; the limits stop a template from eating the CPU or memory.
 */
const liquid = new Liquid({
  templates: {},
  ownPropertyOnly: true,
  strictFilters: true,
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
});

const MAX_CACHED = 10_000;
const parsed = new Map<string, Template[]>();
/** A field that is exactly one output, e.g. `{{ vars.age }}`: its value keeps its type. */
const SINGLE_OUTPUT = /^\s*\{\{-?\s*((?:(?!\}\}|\{\{)[\s\S])+?)\s*-?\}\}\s*$/;
const singleExpressions = new Map<string, string | null>();

export function hasTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

function parse(text: string): Template[] {
  let templates = parsed.get(text);
  if (!templates) {
    templates = liquid.parse(text);
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(text, templates);
  }
  return templates;
}

function singleExpression(text: string): string | null {
  let expression = singleExpressions.get(text);
  if (expression === undefined) {
    expression = SINGLE_OUTPUT.exec(text)?.[1] ?? null;
    if (singleExpressions.size >= MAX_CACHED) singleExpressions.clear();
    singleExpressions.set(text, expression);
  }
  return expression;
}

/** Renders one string. Throws a liquidjs error (with line and column) on bad syntax. */
export function renderTemplate(text: string, scope: TemplateScope): string {
  if (!hasTemplate(text)) return text;
  return String(liquid.renderSync(parse(text), { ...scope }));
}

/**
 * Renders a value that may hold templates: a string that is exactly one `{{ expr }}` becomes the
 * value itself (a number stays a number, a list a list); other strings render to text; objects and
 * arrays are rendered field by field. Nothing is evaluated as code.
 */
export function renderValue(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return value;
    const expression = singleExpression(value);
    if (expression !== null) {
      parse(value); // reports syntax errors the same way for both forms
      const result: unknown = liquid.evalValueSync(expression, { ...scope });
      return result === undefined ? '' : result;
    }
    return renderTemplate(value, scope);
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = renderValue(value[key], scope);
    return out;
  }
  return value;
}

/** Renders a node's config. Returns the same object when nothing in it is a template (the hot path). */
export function renderConfig(config: Record<string, unknown>, scope: TemplateScope): Record<string, unknown> {
  if (!containsTemplate(config)) return config;
  const rendered = renderValue(config, scope);
  return isRecord(rendered) ? rendered : config;
}

const templateFree = new WeakSet<object>();

function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasTemplate(value);
  if (typeof value !== 'object' || value === null) return false;
  if (templateFree.has(value)) return false;
  const found = Array.isArray(value)
    ? value.some(containsTemplate)
    : Object.values(value).some(containsTemplate);
  if (!found) templateFree.add(value);
  return found;
}
