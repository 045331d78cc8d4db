import dagre from '@dagrejs/dagre';
import type { FlowNode, FlowState } from '../store/flow-types';

const DEFAULT_WIDTH = 240;
const DEFAULT_HEIGHT = 110;

/**
 * Lays the steps out left to right with dagre (loaded lazily: it is not part of the first page).
 * Notes keep their place; selection is kept.
 */
export function layoutFlow(flow: FlowState): FlowState {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const steps = flow.nodes.filter((n) => n.type === 'step');
  for (const node of steps) {
    graph.setNode(node.id, {
      width: node.measured?.width ?? DEFAULT_WIDTH,
      height: node.measured?.height ?? DEFAULT_HEIGHT,
    });
  }
  for (const edge of flow.edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);
  const nodes = flow.nodes.map((node): FlowNode => {
    if (node.type !== 'step') return node;
    const placed: unknown = graph.node(node.id);
    if (!isPoint(placed)) return node;
    const width = node.measured?.width ?? DEFAULT_WIDTH;
    const height = node.measured?.height ?? DEFAULT_HEIGHT;
    return {
      ...node,
      position: { x: Math.round(placed.x - width / 2), y: Math.round(placed.y - height / 2) },
    };
  });
  return { ...flow, nodes };
}

function isPoint(value: unknown): value is { x: number; y: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'x' in value &&
    'y' in value &&
    typeof value.x === 'number' &&
    typeof value.y === 'number'
  );
}
