import { isRecord, isWorkflowDocument } from '../api/guards';
import { documentToFlow, flowToDocument } from '../store/convert';
import type { FlowEdge, FlowNode, WorkflowMeta } from '../store/flow-types';

/**
 * The clipboard holds a workflow document (the selected part of one), so a selection pastes into
 * another workflow or another browser tab, and a whole exported workflow file pastes as well.
 */
export function serializeFragment(o: { meta: WorkflowMeta; nodes: FlowNode[]; edges: FlowEdge[] }): string {
  return JSON.stringify(flowToDocument({ meta: o.meta, nodes: o.nodes, edges: o.edges }), null, 2);
}

/** Nodes and edges from clipboard text, or null when it is not workflow JSON. */
export function parseClipboard(text: string): { nodes: FlowNode[]; edges: FlowEdge[] } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  // An export wraps the document (`{ workflow: {...} }` / `{ document: {...} }`); accept both.
  const inner = isRecord(value) ? (value.document ?? value.workflow ?? value.draft ?? value) : value;
  const candidate = isRecord(inner) ? { id: 'clipboard', name: 'clipboard', notes: [], ...inner } : inner;
  if (!isWorkflowDocument(candidate)) return null;
  const flow = documentToFlow({ ...candidate, schemaVersion: 1, settings: {} });
  return flow.nodes.length > 0 ? { nodes: flow.nodes, edges: flow.edges } : null;
}
