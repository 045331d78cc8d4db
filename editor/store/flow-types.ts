import type { Edge, Node } from '@xyflow/react';
import type { WorkflowDocument } from '../../runtime/model/workflow';

/** What a step node carries: the document node minus id and position (React Flow keeps those). */
export type StepData = {
  type: string;
  typeVersion: number;
  label: string;
  config: Record<string, unknown>;
  disabled?: boolean;
};

export type NoteData = {
  text: string;
  color?: string;
};

export type StepNode = Node<StepData, 'step'>;
export type NoteNode = Node<NoteData, 'note'>;
export type FlowNode = StepNode | NoteNode;
export type FlowEdge = Edge;

/** Everything of the document that is not drawn: id, name, description, settings. */
export type WorkflowMeta = Omit<WorkflowDocument, 'nodes' | 'edges' | 'notes'>;

/** The editable state: what undo/redo and the draft journal keep. */
export interface FlowState {
  meta: WorkflowMeta;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function isStepNode(node: FlowNode): node is StepNode {
  return node.type === 'step';
}

export function isNoteNode(node: FlowNode): node is NoteNode {
  return node.type === 'note';
}
