/**
 * A generated workflow of `nodes` nodes and `edges` edges: one manual trigger, then alternating
 * conditions (two branches) and set-variable steps, laid out on a grid. Every node is reachable.
 */
export function generateWorkflow(o: { nodes: number; edges: number }) {
  const columns = Math.ceil(Math.sqrt(o.nodes * 2));
  const nodes = Array.from({ length: o.nodes }, (_, i) => {
    const position = { x: (i % columns) * 300, y: Math.floor(i / columns) * 170 };
    if (i === 0)
      return { id: 'n0', type: 'trigger.manual', typeVersion: 1, position, label: 'Start', config: {} };
    if (i % 2 === 1) {
      return {
        id: `n${i}`,
        type: 'logic.condition',
        typeVersion: 1,
        position,
        label: `Check ${i}`,
        config: {
          conditions: {
            combinator: 'all',
            rules: [{ left: `{{ vars.v${i - 1} }}`, operator: 'greater_than', right: String(i) }],
          },
        },
      };
    }
    return {
      id: `n${i}`,
      type: 'logic.set',
      typeVersion: 1,
      position,
      label: `Set ${i}`,
      config: { assignments: [{ name: `v${i}`, value: String(i) }] },
    };
  });
  const branchesOf = (i: number): string[] =>
    i === 0 ? ['next'] : i % 2 === 1 ? ['true', 'false'] : ['next'];
  const used = new Map<number, Set<string>>();
  const edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
  const addEdge = (source: number, target: number): boolean => {
    const free = branchesOf(source).find((b) => !used.get(source)?.has(b));
    if (!free) return false;
    used.set(source, new Set([...(used.get(source) ?? []), free]));
    edges.push({ id: `e${edges.length}`, source: `n${source}`, sourceHandle: free, target: `n${target}` });
    return true;
  };
  // A spanning chain first (every node reachable), then extra edges from unused condition branches.
  for (let i = 1; i < o.nodes; i++) addEdge(i - 1, i);
  for (let i = 1; i < o.nodes && edges.length < o.edges; i += 2) {
    const target = Math.min(o.nodes - 1, i + 2 + (i % 7));
    if (target > i) addEdge(i, target);
  }
  return {
    schemaVersion: 1,
    id: `bench_${o.nodes}`,
    name: `Bench ${o.nodes} nodes`,
    settings: {},
    nodes,
    edges,
    notes: [],
  };
}
