import { getViewportForBounds, type Viewport } from '@xyflow/react';
import type { FlowNode } from '../store/flow-types';

/** The size a step node usually has before it is measured. */
const NODE_WIDTH = 240;
const NODE_HEIGHT = 110;

/**
 * The viewport that shows every node, computed from the document before anything is drawn. React
 * Flow's own fitView first draws at zoom 1, measures, then zooms out and draws everything again:
 * on a 500-node workflow that second pass is most of the opening time.
 */
export function initialViewport(o: {
  nodes: readonly FlowNode[];
  width: number;
  height: number;
  minZoom: number;
  maxZoom: number;
}): Viewport {
  if (o.nodes.length === 0 || o.width === 0 || o.height === 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of o.nodes) {
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + (node.width ?? NODE_WIDTH));
    maxY = Math.max(maxY, node.position.y + (node.height ?? NODE_HEIGHT));
  }
  return getViewportForBounds(
    { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
    o.width,
    o.height,
    o.minZoom,
    o.maxZoom,
    0.1,
  );
}
