import { isRecord, type NodeRegistry } from './registry';
import { checkLoops, checkReachable } from './validate-flow';
import { checkNodeEdges, type EdgeRef } from './validate-edges';
import { nodeName, problem, type NodeRef, type Problem } from './validate-problem';
import { checkDocumentSchema, checkNodeConfig } from './validate-schema';
import { closestMatch } from './validate-suggest';
import { checkTemplates } from './validate-templates';

export { summarizeProblems, type Problem, type ProblemSeverity } from './validate-problem';
export { isWorkflowDocument } from './validate-schema';

/** A node of the document whose id and type are at least strings: enough to check the graph. */
interface CheckedNode extends NodeRef {
  type: string;
  typeVersion: unknown;
  /** Undefined when the config is not an object (the schema check has said so). */
  config: Record<string, unknown> | undefined;
}

/**
 * Every problem of a workflow document at once (SPEC §4): the JSON Schema, duplicate ids, unknown
 * node types, configs against their node's schema, edges from branches a node lacks, dangling
 * edges, a missing trigger, unreachable nodes, templates, and loops with no waiting node.
 * Errors block running and publishing; warnings do not. Never throws on any input.
 */
export function validateWorkflow(doc: unknown, registry: NodeRegistry): Problem[] {
  if (!isRecord(doc)) {
    return [
      problem({
        severity: 'error',
        code: 'not_a_workflow',
        path: '',
        message: {
          ja: 'ワークフローの形になっていません。{ "schemaVersion": 1, "nodes": [...], "edges": [...], ... } の形の JSON オブジェクトにしてください。',
          en: 'This is not a workflow: it must be a JSON object like { "schemaVersion": 1, "nodes": [...], "edges": [...], ... }.',
        },
      }),
    ];
  }
  const problems = checkDocumentSchema(doc);
  // Without a node list there is no graph to check; the schema problems say what is missing.
  if (!Array.isArray(doc.nodes)) return problems;
  const nodes = collectNodes(doc.nodes);
  problems.push(...checkDuplicateNodeIds(nodes));
  for (const node of nodes) problems.push(...checkNode(node, registry));

  const edges = Array.isArray(doc.edges) ? collectEdges(doc.edges) : undefined;
  if (edges) problems.push(...checkNodeEdges({ nodes, edges, registry }));

  const triggerIds = new Set(
    nodes.filter((n) => registry.get(n.type)?.trigger !== undefined).map((n) => n.id),
  );
  if (triggerIds.size === 0) problems.push(noTriggerProblem());
  if (edges) {
    const ids = new Set(nodes.map((node) => node.id));
    const graph = { nodes, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
    if (triggerIds.size > 0) problems.push(...checkReachable(graph, triggerIds));
    const typeOf = new Map(nodes.map((node) => [node.id, node.type]));
    problems.push(...checkLoops(graph, (id) => registry.get(typeOf.get(id) ?? '')?.waits === true));
  }

  const withConfig = nodes.flatMap((node) => (node.config ? [{ ...node, config: node.config }] : []));
  const knownVars = new Set(withConfig.flatMap((node) => registry.variablesSetBy(node.type, node.config)));
  problems.push(...checkTemplates({ nodes: withConfig, knownVars }));
  return problems;
}

function collectNodes(list: readonly unknown[]): CheckedNode[] {
  const nodes: CheckedNode[] = [];
  for (const [index, item] of list.entries()) {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.type !== 'string') continue;
    nodes.push({
      index,
      id: item.id,
      label: typeof item.label === 'string' ? item.label : '',
      type: item.type,
      typeVersion: item.typeVersion,
      config: isRecord(item.config) ? item.config : undefined,
    });
  }
  return nodes;
}

function collectEdges(list: readonly unknown[]): EdgeRef[] {
  const edges: EdgeRef[] = [];
  for (const [index, item] of list.entries()) {
    if (!isRecord(item)) continue;
    const { id, source, sourceHandle, target } = item;
    if (typeof source !== 'string' || typeof target !== 'string' || typeof sourceHandle !== 'string')
      continue;
    edges.push({ index, source, sourceHandle, target, ...(typeof id === 'string' ? { id } : {}) });
  }
  return edges;
}

function checkDuplicateNodeIds(nodes: readonly CheckedNode[]): Problem[] {
  const first = new Map<string, CheckedNode>();
  const problems: Problem[] = [];
  for (const node of nodes) {
    const earlier = first.get(node.id);
    if (!earlier) {
      first.set(node.id, node);
      continue;
    }
    const other =
      earlier.label.length > 0 ? { ja: `「${earlier.label}」`, en: `"${earlier.label}"` } : nodeName(earlier);
    problems.push(
      problem({
        severity: 'error',
        code: 'duplicate_node_id',
        path: `/nodes/${node.index}/id`,
        node,
        message: {
          ja: `ID「${node.id}」はノード${other.ja}と重複しています。ノードごとに別の ID を付けてください。`,
          en: `The id "${node.id}" is already used by the node ${other.en}. Give each node its own id.`,
        },
      }),
    );
  }
  return problems;
}

function checkNode(node: CheckedNode, registry: NodeRegistry): Problem[] {
  const definition = registry.get(node.type);
  if (!definition) return [unknownTypeProblem(node, registry)];
  const problems: Problem[] = [];
  if (typeof node.typeVersion === 'number' && node.typeVersion > definition.version) {
    problems.push(
      problem({
        severity: 'error',
        code: 'newer_type_version',
        path: `/nodes/${node.index}/typeVersion`,
        node,
        message: {
          ja: `このノードは「${node.type}」のバージョン ${node.typeVersion} で作られていますが、この Musubi はバージョン ${definition.version} までしか知りません。Musubi を更新してください。`,
          en: `This node was made with version ${node.typeVersion} of "${node.type}", but this Musubi knows only up to version ${definition.version}. Update Musubi.`,
        },
      }),
    );
  }
  if (node.config)
    problems.push(...checkNodeConfig({ registry, node, type: node.type, config: node.config }));
  return problems;
}

function unknownTypeProblem(node: CheckedNode, registry: NodeRegistry): Problem {
  const guess = closestMatch(
    node.type,
    registry.list().map((definition) => definition.type),
  );
  const hint = guess
    ? {
        ja: `「${guess}」のことですか？種類を直してください。`,
        en: `Did you mean "${guess}"? Correct the type.`,
      }
    : {
        ja: 'このバージョンの Musubi にない種類か、書き間違いです。パレットにある種類に置き換えてください。',
        en: 'This Musubi does not have it, or it is misspelt. Replace it with a type from the palette.',
      };
  return problem({
    severity: 'error',
    code: 'unknown_node_type',
    path: `/nodes/${node.index}/type`,
    node,
    message: {
      ja: `種類「${node.type}」のノードはありません。${hint.ja}`,
      en: `There is no node type "${node.type}". ${hint.en}`,
    },
  });
}

function noTriggerProblem(): Problem {
  return problem({
    severity: 'error',
    code: 'no_trigger',
    path: '/nodes',
    message: {
      ja: 'トリガーのノードがありません。ワークフローを始めるトリガー (手動・Webhook・スケジュールなど) を追加してください。',
      en: 'There is no trigger node. Add a trigger (manual, webhook, schedule …) to start the workflow.',
    },
  });
}
