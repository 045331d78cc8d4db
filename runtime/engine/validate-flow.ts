import type { Localized } from '../model/localized';
import { nodeName, problem, type NodeRef, type Problem } from './validate-problem';

/** The graph as the flow checks see it: nodes in document order, edges whose two ends exist. */
export interface FlowGraph {
  nodes: readonly NodeRef[];
  edges: ReadonlyArray<{ source: string; target: string }>;
}

function successors(graph: FlowGraph): Map<string, string[]> {
  const next = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) next.get(edge.source)?.push(edge.target);
  return next;
}

/** Loops longer than this are named by their first nodes and a count. */
const MAX_NAMED = 6;

/** A warning for each node no trigger leads to: it can never run. */
export function checkReachable(graph: FlowGraph, triggerIds: ReadonlySet<string>): Problem[] {
  const next = successors(graph);
  const reached = new Set<string>(triggerIds);
  const queue = [...triggerIds];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const target of next.get(id) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return graph.nodes
    .filter((node) => !reached.has(node.id))
    .map((node) =>
      problem({
        severity: 'warning',
        code: 'unreachable_node',
        path: `/nodes/${node.index}`,
        node,
        message: {
          ja: 'どのトリガーからもつながっていないため、このノードは実行されません。前のノードから接続するか、不要なら削除してください。',
          en: 'No trigger leads to this node, so it never runs. Connect it from an earlier node, or delete it.',
        },
      }),
    );
}

/**
 * A warning for each loop (strongly connected component) with no waiting node in it: nothing slows
 * it down, so a run goes round until it hits `maxSteps`.
 */
export function checkLoops(graph: FlowGraph, waits: (nodeId: string) => boolean): Problem[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const selfLoops = new Set(graph.edges.filter((e) => e.source === e.target).map((e) => e.source));
  const problems: Problem[] = [];
  for (const component of stronglyConnected(graph)) {
    if (component.length === 1 && !selfLoops.has(component[0] ?? '')) continue;
    if (component.some(waits)) continue;
    const members = component
      .map((id) => byId.get(id))
      .filter((node): node is NodeRef => node !== undefined)
      .sort((a, b) => a.index - b.index);
    const first = members[0];
    if (!first) continue;
    const names = members.slice(0, MAX_NAMED).map(nodeName);
    const more: Localized =
      members.length > MAX_NAMED
        ? { ja: ` … 全 ${members.length} ノード`, en: ` … ${members.length} nodes in all` }
        : { ja: '', en: '' };
    problems.push(
      problem({
        severity: 'warning',
        code: 'runaway_loop',
        path: `/nodes/${first.index}`,
        node: first,
        message: {
          ja: `ループ (${names.map((n) => n.ja).join(' → ')}${more.ja}) に待機するノードがありません。止まらないループになり、実行はステップ数の上限 (maxSteps) で止まります。ループを抜ける条件か、待機・質問のノードを入れてください。`,
          en: `The loop (${names.map((n) => n.en).join(' → ')}${more.en}) has no waiting node: a runaway loop, and the run stops after maxSteps. Add a way out of the loop, or a wait or ask node.`,
        },
      }),
    );
  }
  // In document order, not in the order the search happened to finish them.
  return problems.sort((a, b) => pathIndex(a.path) - pathIndex(b.path));
}

function pathIndex(path: string): number {
  return Number(path.split('/')[2] ?? 0);
}

/** Tarjan's algorithm, iterative so a long chain of nodes cannot overflow the call stack. */
export function stronglyConnected(graph: FlowGraph): string[][] {
  const next = successors(graph);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of graph.nodes) {
    if (index.has(start.id)) continue;
    const work: Array<{ id: string; child: number }> = [{ id: start.id, child: 0 }];
    index.set(start.id, counter);
    low.set(start.id, counter++);
    stack.push(start.id);
    onStack.add(start.id);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const children = next.get(frame.id) ?? [];
      const child = children[frame.child++];
      if (child !== undefined) {
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
          onStack.delete(id);
          component.push(id);
          if (id === frame.id) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}
