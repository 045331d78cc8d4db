import type { Connection } from '@xyflow/react';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import type { FlowEdge, FlowNode, FlowState, NoteNode, StepNode } from '../store/flow-types';
import { NOTE_PREFIX } from '../store/convert';
import { branchesOf, isTrigger } from './branches';
import { defaultConfig } from './defaults';

/** Pure graph edits. Each takes the flow and returns a new one (or the same one when nothing changes). */

export type Catalogue = ReadonlyMap<string, NodeDescriptor>;

const ID_UNSAFE = /[^A-Za-z0-9_.:-]+/g;

/** A fresh id like `condition_3`, unique among `taken`. */
export function uniqueId(o: { base: string; taken: ReadonlySet<string> }): string {
  const base = (o.base.split('.').pop() ?? 'node').replace(ID_UNSAFE, '_') || 'node';
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!o.taken.has(id)) return id;
  }
}

function idsOf(flow: FlowState): Set<string> {
  return new Set([...flow.nodes.map((n) => n.id), ...flow.edges.map((e) => e.id)]);
}

function deselectAll(nodes: readonly FlowNode[]): FlowNode[] {
  return nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
}

/** Adds a node of this type; with `connectFrom`, also wires that node's first unused branch to it. */
export function addStep(
  flow: FlowState,
  o: {
    descriptor: NodeDescriptor;
    position: { x: number; y: number };
    lang: 'ja' | 'en';
    catalogue: Catalogue;
    connectFrom?: string | undefined;
  },
): { flow: FlowState; id: string } {
  const taken = idsOf(flow);
  const id = uniqueId({ base: o.descriptor.type, taken });
  taken.add(id);
  const node: StepNode = {
    id,
    type: 'step',
    position: o.position,
    selected: true,
    data: {
      type: o.descriptor.type,
      typeVersion: o.descriptor.version,
      label: o.descriptor.labels[o.lang],
      config: defaultConfig(o.descriptor.config),
    },
  };
  let edges = flow.edges;
  const source = o.connectFrom ? flow.nodes.find((n) => n.id === o.connectFrom) : undefined;
  if (source && source.type === 'step' && !isTrigger(o.descriptor)) {
    const used = new Set(flow.edges.filter((e) => e.source === source.id).map((e) => e.sourceHandle));
    const branch = branchesOf(o.catalogue.get(source.data.type), source.data.config).find(
      (b) => !used.has(b),
    );
    if (branch) {
      edges = [
        ...edges,
        { id: uniqueId({ base: 'edge', taken }), source: source.id, sourceHandle: branch, target: id },
      ];
    }
  }
  return { flow: { ...flow, nodes: [...deselectAll(flow.nodes), node], edges }, id };
}

/** Adds a sticky note. */
export function addNote(flow: FlowState, position: { x: number; y: number }): FlowState {
  const taken = new Set(flow.nodes.map((n) => n.id));
  const id = `${NOTE_PREFIX}${uniqueId({ base: 'note', taken: new Set([...taken].map((t) => t.replace(NOTE_PREFIX, ''))) })}`;
  const note: NoteNode = {
    id,
    type: 'note',
    position,
    width: 220,
    height: 140,
    zIndex: -1,
    selected: true,
    data: { text: '' },
  };
  return { ...flow, nodes: [...deselectAll(flow.nodes), note] };
}

export type ConnectionProblem = 'invalidBranch' | 'triggerInput' | 'self' | 'duplicate' | null;

/**
 * Why a connection may not be made, or null when it may: the handle must be a branch of the source
 * node with its current config, and a trigger takes no input.
 */
export function connectionProblem(
  flow: Pick<FlowState, 'nodes' | 'edges'>,
  o: {
    connection: { source: string; target: string; sourceHandle?: string | null | undefined };
    catalogue: Catalogue;
  },
): ConnectionProblem {
  const { source, target, sourceHandle } = o.connection;
  const sourceNode = flow.nodes.find((n) => n.id === source);
  const targetNode = flow.nodes.find((n) => n.id === target);
  if (!sourceNode || !targetNode || sourceNode.type !== 'step' || targetNode.type !== 'step')
    return 'invalidBranch';
  if (!sourceHandle) return 'invalidBranch';
  const branches = branchesOf(o.catalogue.get(sourceNode.data.type), sourceNode.data.config);
  if (!branches.includes(sourceHandle)) return 'invalidBranch';
  if (isTrigger(o.catalogue.get(targetNode.data.type))) return 'triggerInput';
  if (source === target) return 'self';
  if (flow.edges.some((e) => e.source === source && e.sourceHandle === sourceHandle && e.target === target)) {
    return 'duplicate';
  }
  return null;
}

/** Adds an edge for a valid connection. */
export function connect(flow: FlowState, connection: Connection): FlowState {
  if (!connection.sourceHandle) return flow;
  const edge: FlowEdge = {
    id: uniqueId({ base: 'edge', taken: idsOf(flow) }),
    source: connection.source,
    sourceHandle: connection.sourceHandle,
    target: connection.target,
  };
  return { ...flow, edges: [...flow.edges, edge] };
}

/** Removes the selected nodes, notes and edges (and the edges of removed nodes). */
export function deleteSelection(flow: FlowState): FlowState {
  const removed = new Set(flow.nodes.filter((n) => n.selected).map((n) => n.id));
  const edges = flow.edges.filter((e) => !e.selected && !removed.has(e.source) && !removed.has(e.target));
  if (removed.size === 0 && edges.length === flow.edges.length) return flow;
  return { ...flow, nodes: flow.nodes.filter((n) => !removed.has(n.id)), edges };
}

export function selectAll(flow: FlowState): FlowState {
  return { ...flow, nodes: flow.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) };
}

/**
 * Inserts nodes and edges (from the clipboard or a duplicate) with fresh ids, shifted by `offset`,
 * and selects them. Edges whose ends are not among the inserted nodes are dropped.
 */
export function insertFragment(
  flow: FlowState,
  o: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[]; offset: { x: number; y: number } },
): { flow: FlowState; count: number } {
  const taken = idsOf(flow);
  const renamed = new Map<string, string>();
  const inserted: FlowNode[] = o.nodes.map((node): FlowNode => {
    const isNote = node.type === 'note';
    const bare = isNote ? node.id.replace(NOTE_PREFIX, '') : node.id;
    let id = isNote ? node.id : bare;
    if (taken.has(id)) {
      const fresh = uniqueId({
        base: bare.replace(/_\d+$/, ''),
        taken: new Set([...taken].map((t) => t.replace(NOTE_PREFIX, ''))),
      });
      id = isNote ? `${NOTE_PREFIX}${fresh}` : fresh;
    }
    taken.add(id);
    renamed.set(node.id, id);
    const position = { x: node.position.x + o.offset.x, y: node.position.y + o.offset.y };
    return { ...node, id, position, selected: true, dragging: false };
  });
  const edges: FlowEdge[] = [];
  for (const edge of o.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) continue;
    const id = taken.has(edge.id) ? uniqueId({ base: 'edge', taken }) : edge.id;
    taken.add(id);
    edges.push({ id, source, target, sourceHandle: edge.sourceHandle ?? null });
  }
  return {
    flow: {
      ...flow,
      nodes: [...deselectAll(flow.nodes), ...inserted],
      edges: [...flow.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
    },
    count: inserted.length,
  };
}

/** The selected nodes and the edges between them. */
export function selectionFragment(flow: FlowState): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes = flow.nodes.filter((n) => n.selected);
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: flow.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/** Updates one step node's data. */
export function updateStep(
  flow: FlowState,
  o: { id: string; update: (data: StepNode['data']) => StepNode['data'] },
): FlowState {
  let changed = false;
  const nodes = flow.nodes.map((node): FlowNode => {
    if (node.id !== o.id || node.type !== 'step') return node;
    const data = o.update(node.data);
    if (data === node.data) return node;
    changed = true;
    return { ...node, data };
  });
  // Edges from a branch the config no longer has stay: validation names them, undo brings the branch back.
  return changed ? { ...flow, nodes } : flow;
}
