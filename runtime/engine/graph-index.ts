import type { WorkflowDocument, WorkflowNode } from '../model/workflow';

/** Lookups the executor needs on every step, built once per document object. */
export interface GraphIndex {
  nodes: Map<string, WorkflowNode>;
  /** Targets by `source\u0000branch`, in edge order. */
  targets: Map<string, string[]>;
}

const cache = new WeakMap<WorkflowDocument, GraphIndex>();

export function indexGraph(workflow: WorkflowDocument): GraphIndex {
  let index = cache.get(workflow);
  if (index) return index;
  const nodes = new Map(workflow.nodes.map((node) => [node.id, node]));
  const targets = new Map<string, string[]>();
  for (const edge of workflow.edges) {
    const key = branchKey(edge.source, edge.sourceHandle);
    const list = targets.get(key);
    if (list) list.push(edge.target);
    else targets.set(key, [edge.target]);
  }
  index = { nodes, targets };
  cache.set(workflow, index);
  return index;
}

export function branchKey(nodeId: string, branch: string): string {
  return `${nodeId}\u0000${branch}`;
}
