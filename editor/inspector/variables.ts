import type { Language } from '../../runtime/model/localized';
import type { RunState } from '../../runtime/model/run';
import type { Catalogue } from '../canvas/operations';
import { isTrigger, variablesSetBy } from '../canvas/branches';
import type { FlowEdge, FlowNode } from '../store/flow-types';

export type VariableGroup = 'trigger' | 'vars' | 'nodes';

/** Something a template can read at a point of the graph, e.g. `vars.email` or `nodes.ask_1.answer`. */
export interface VariableOption {
  path: string;
  group: VariableGroup;
  /** Where it comes from, for people: the node's label, or the trigger's name. */
  source: string;
  /** A value seen in the sample input or the last run, shortened. */
  example?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every node from which `nodeId` can be reached (its ancestors). */
export function upstreamOf(nodeId: string, edges: readonly FlowEdge[]): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    const list = incoming.get(edge.target) ?? [];
    list.push(edge.source);
    incoming.set(edge.target, list);
  }
  const seen = new Set<string>();
  const stack = [...(incoming.get(nodeId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    stack.push(...(incoming.get(id) ?? []));
  }
  seen.delete(nodeId);
  return seen;
}

const MAX_PATHS = 60;

/** Dotted paths into a JSON value (objects only, a few levels deep), with a short example each. */
export function pathsOf(value: unknown, prefix: string, depth = 3): { path: string; example: string }[] {
  const out: { path: string; example: string }[] = [];
  if (value === undefined) return out;
  const walk = (current: unknown, path: string, level: number): void => {
    if (out.length >= MAX_PATHS) return;
    if (isRecord(current) && level < depth) {
      for (const [key, inner] of Object.entries(current)) {
        const segment = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `["${key.replace(/"/g, '\\"')}"]`;
        walk(inner, `${path}${segment}`, level + 1);
      }
      return;
    }
    out.push({ path, example: shorten(current) });
  };
  walk(value, prefix, 0);
  return out;
}

function shorten(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function schemaKeys(schema: unknown): string[] {
  return isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : [];
}

/**
 * What a template in `nodeId` can use: the trigger's fields (from its output schema, the sample
 * input and the last run), variables set by nodes upstream, and the outputs of nodes upstream.
 */
export function availableVariables(o: {
  nodeId: string;
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
  catalogue: Catalogue;
  lang: Language;
  sample?: unknown;
  lastRun?: RunState | null | undefined;
}): VariableOption[] {
  const upstream = upstreamOf(o.nodeId, o.edges);
  const byId = new Map(o.nodes.map((n) => [n.id, n]));
  const options = new Map<string, VariableOption>();
  const add = (option: VariableOption): void => {
    const existing = options.get(option.path);
    if (!existing || (!existing.example && option.example)) options.set(option.path, option);
  };

  for (const id of upstream) {
    const node = byId.get(id);
    if (!node || node.type !== 'step') continue;
    const descriptor = o.catalogue.get(node.data.type);
    const source = node.data.label || descriptor?.labels[o.lang] || id;
    if (isTrigger(descriptor)) {
      for (const key of schemaKeys(descriptor?.outputs))
        add({ path: `trigger.${key}`, group: 'trigger', source });
      const triggerData = o.lastRun?.trigger ?? o.sample;
      for (const { path, example } of pathsOf(triggerData, 'trigger'))
        add({ path, group: 'trigger', source, example });
    }
    for (const name of variablesSetBy(descriptor?.setsVariables, node.data.config)) {
      const seen = o.lastRun?.vars[name];
      add({
        path: `vars.${name}`,
        group: 'vars',
        source,
        ...(seen === undefined ? {} : { example: shorten(seen) }),
      });
    }
    if (!isTrigger(descriptor)) {
      for (const key of schemaKeys(descriptor?.outputs))
        add({ path: `nodes.${id}.${key}`, group: 'nodes', source });
      const output = o.lastRun?.nodes[id];
      if (output !== undefined) {
        for (const { path, example } of pathsOf(output, `nodes.${id}`))
          add({ path, group: 'nodes', source, example });
      }
    }
  }
  const order: Record<VariableGroup, number> = { trigger: 0, vars: 1, nodes: 2 };
  return [...options.values()].sort(
    (a, b) => order[a.group] - order[b.group] || a.path.localeCompare(b.path),
  );
}

/** Inserts `{{ path }}` into `text` at the cursor (replacing a selection); returns the text and new cursor. */
export function insertVariable(o: { text: string; path: string; start: number; end: number }): {
  text: string;
  cursor: number;
} {
  const start = Math.max(0, Math.min(o.start, o.text.length));
  const end = Math.max(start, Math.min(o.end, o.text.length));
  const token = `{{ ${o.path} }}`;
  return { text: `${o.text.slice(0, start)}${token}${o.text.slice(end)}`, cursor: start + token.length };
}
