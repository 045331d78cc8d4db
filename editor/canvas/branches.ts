import type { ConfigNames, NodeDescriptor } from '../../runtime/model/node-definition';
import type { Language } from '../../runtime/model/localized';

/**
 * Names read from a node's config (the same rule as NodeRegistry.branchesOf, copied because the
 * registry class pulls Ajv into the bundle): `config[field]` is a string or a list of names or of
 * objects holding the name under `key`.
 */
export function namesFromConfig(spec: ConfigNames | undefined, config: Record<string, unknown>): string[] {
  if (!spec) return [];
  const value = config[spec.field];
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  const items: unknown[] = Array.isArray(value) ? value : [];
  const names: string[] = [];
  for (const item of items) {
    const name: unknown =
      spec.key && typeof item === 'object' && item !== null && !Array.isArray(item)
        ? new Map<string, unknown>(Object.entries(item)).get(spec.key)
        : item;
    if (typeof name === 'string' && name.length > 0 && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The branches a node has with this config: dynamic ones (cases, options) first, then fixed ones. */
export function branchesOf(
  descriptor: NodeDescriptor | undefined,
  config: Record<string, unknown>,
): string[] {
  if (!descriptor) return [];
  return [...namesFromConfig(descriptor.dynamicBranches, config), ...descriptor.branches];
}

/** How a branch is labelled on the canvas: its label in the user's language, else its name. */
export function branchLabel(o: {
  descriptor: NodeDescriptor | undefined;
  branch: string;
  lang: Language;
}): string {
  const label = o.descriptor?.branchLabels?.[o.branch];
  return label ? label[o.lang] || o.branch : o.branch;
}

/** Whether a node of this type starts runs (and so takes no input). */
export function isTrigger(descriptor: NodeDescriptor | undefined): boolean {
  return Boolean(descriptor && (descriptor.trigger !== undefined || descriptor.category === 'trigger'));
}

/** The variables a node sets with this config (one spec or several, like NodeRegistry.variablesSetBy). */
export function variablesSetBy(
  spec: ConfigNames | readonly ConfigNames[] | undefined,
  config: Record<string, unknown>,
): string[] {
  if (spec === undefined) return [];
  const specs: readonly ConfigNames[] = isSpecList(spec) ? spec : [spec];
  return specs.flatMap((one) => namesFromConfig(one, config));
}

function isSpecList(spec: ConfigNames | readonly ConfigNames[]): spec is readonly ConfigNames[] {
  return Array.isArray(spec);
}
