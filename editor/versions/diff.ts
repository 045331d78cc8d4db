import type { WorkflowDocument } from '../../runtime/model/workflow';

export interface DocumentDiff {
  nodes: { added: string[]; removed: string[]; changed: string[] };
  edges: { added: string[]; removed: string[] };
}

function edgeKey(edge: WorkflowDocument['edges'][number]): string {
  return `${edge.source}:${edge.sourceHandle}→${edge.target}`;
}

/** What changed between two documents: nodes by id (label, type, config, disabled), edges by their ends. */
export function diffDocuments(before: WorkflowDocument, after: WorkflowDocument): DocumentDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const added = after.nodes.filter((n) => !beforeNodes.has(n.id)).map((n) => n.id);
  const removed = before.nodes.filter((n) => !afterNodes.has(n.id)).map((n) => n.id);
  const changed = after.nodes
    .filter((n) => {
      const old = beforeNodes.get(n.id);
      if (!old) return false;
      return (
        old.type !== n.type ||
        old.label !== n.label ||
        Boolean(old.disabled) !== Boolean(n.disabled) ||
        JSON.stringify(old.config) !== JSON.stringify(n.config)
      );
    })
    .map((n) => n.id);
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  return {
    nodes: { added, removed, changed },
    edges: {
      added: [...afterEdges].filter((k) => !beforeEdges.has(k)),
      removed: [...beforeEdges].filter((k) => !afterEdges.has(k)),
    },
  };
}
