import type { StepRecord } from '../../runtime/model/run';
import type { FlowEdge } from '../store/flow-types';

/**
 * The edges a run went along: from a node that ran and chose that branch to a node that ran
 * after it. Used to light up the path on the canvas.
 */
export function takenEdgeIds(edges: readonly FlowEdge[], steps: readonly StepRecord[]): Set<string> {
  const taken = new Set<string>();
  if (steps.length === 0) return taken;
  const firstRun = new Map<string, number>();
  const branchesBySource = new Map<string, { branch: string; index: number }[]>();
  for (const step of steps) {
    if (!firstRun.has(step.nodeId)) firstRun.set(step.nodeId, step.index);
    if (step.branch) {
      const list = branchesBySource.get(step.nodeId) ?? [];
      list.push({ branch: step.branch, index: step.index });
      branchesBySource.set(step.nodeId, list);
    }
  }
  const lastRun = new Map<string, number>();
  for (const step of steps) lastRun.set(step.nodeId, step.index);
  for (const edge of edges) {
    const chosen = branchesBySource.get(edge.source);
    const targetLast = lastRun.get(edge.target);
    if (!chosen || targetLast === undefined) continue;
    if (chosen.some((c) => c.branch === edge.sourceHandle && c.index < targetLast)) taken.add(edge.id);
  }
  return taken;
}
