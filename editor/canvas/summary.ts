import type { NodeDescriptor } from '../../runtime/model/node-definition';
import type { Language } from '../../runtime/model/localized';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX = 60;

/**
 * A one-line summary of a node's config for the canvas: the first few filled-in values in schema
 * order (secrets never shown), e.g. `POST orders/created` or `3 rules`.
 */
export function summarizeConfig(o: {
  descriptor: NodeDescriptor | undefined;
  config: Record<string, unknown>;
  lang: Language;
}): string {
  const schema: unknown = o.descriptor?.config;
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const parts: string[] = [];
  for (const [key, propertySchema] of Object.entries(properties)) {
    if (isRecord(propertySchema) && propertySchema['x-secret'] === true) continue;
    const value = o.config[key];
    // Values left at their default say nothing about this node.
    if (isRecord(propertySchema) && JSON.stringify(propertySchema.default) === JSON.stringify(value))
      continue;
    const text = describeValue(value, o.lang);
    if (text) parts.push(text);
    if (parts.join(' · ').length >= MAX) break;
  }
  const line = parts.join(' · ');
  return line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line;
}

function describeValue(value: unknown, lang: Language): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    return lang === 'ja' ? `${value.length} 件` : `${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  }
  if (isRecord(value) && Array.isArray(value.rules)) {
    const count = value.rules.length;
    if (count === 0) return '';
    return lang === 'ja' ? `条件 ${count} 件` : `${count} ${count === 1 ? 'rule' : 'rules'}`;
  }
  return '';
}
