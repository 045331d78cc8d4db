import type { WorkflowDocument, WorkflowNote } from '../../runtime/model/workflow';
import type { FlowEdge, FlowState, NoteNode, StepNode } from './flow-types';

/** Notes live beside steps in React Flow; a prefix keeps their ids from ever colliding. */
export const NOTE_PREFIX = 'note:';

/** The document as React Flow nodes and edges. */
export function documentToFlow(document: WorkflowDocument): FlowState {
  const { nodes, edges, notes, ...meta } = document;
  const stepNodes = nodes.map((node): StepNode => ({
    id: node.id,
    type: 'step',
    position: { x: node.position.x, y: node.position.y },
    data: {
      type: node.type,
      typeVersion: node.typeVersion,
      label: node.label,
      config: node.config,
      ...(node.disabled ? { disabled: true } : {}),
    },
  }));
  const noteNodes = (notes ?? []).map(noteToFlow);
  const flowEdges = edges.map((edge): FlowEdge => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
  }));
  // Notes first: React Flow draws later nodes on top, and notes sit behind the steps.
  return { meta, nodes: [...noteNodes, ...stepNodes], edges: flowEdges };
}

function noteToFlow(note: WorkflowNote): NoteNode {
  return {
    id: `${NOTE_PREFIX}${note.id}`,
    type: 'note',
    position: { x: note.position.x, y: note.position.y },
    width: note.width ?? 220,
    height: note.height ?? 140,
    zIndex: -1,
    data: { text: note.text, ...(note.color ? { color: note.color } : {}) },
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The React Flow state as the workflow document the server stores. */
export function flowToDocument(state: FlowState): WorkflowDocument {
  const nodes: WorkflowDocument['nodes'] = [];
  const notes: WorkflowNote[] = [];
  for (const node of state.nodes) {
    const position = { x: round(node.position.x), y: round(node.position.y) };
    if (node.type === 'step') {
      nodes.push({
        id: node.id,
        type: node.data.type,
        typeVersion: node.data.typeVersion,
        position,
        label: node.data.label,
        config: node.data.config,
        ...(node.data.disabled ? { disabled: true } : {}),
      });
    } else {
      const width = node.width ?? node.measured?.width;
      const height = node.height ?? node.measured?.height;
      notes.push({
        id: node.id.startsWith(NOTE_PREFIX) ? node.id.slice(NOTE_PREFIX.length) : node.id,
        text: node.data.text,
        position,
        ...(width !== undefined ? { width: round(width) } : {}),
        ...(height !== undefined ? { height: round(height) } : {}),
        ...(node.data.color ? { color: node.data.color } : {}),
      });
    }
  }
  const edges = state.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? '',
    target: edge.target,
  }));
  return { ...state.meta, nodes, edges, notes };
}
