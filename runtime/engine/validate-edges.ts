import type { Localized } from '../model/localized';
import type { NodeRegistry } from './registry';
import { nodeName, problem, quoteList, type NodeRef, type Problem } from './validate-problem';
import { closestMatch } from './validate-suggest';

/** An edge of the document whose ends and branch are at least strings. */
export interface EdgeRef {
  index: number;
  id?: string;
  source: string;
  sourceHandle: string;
  target: string;
}

interface EdgeNode extends NodeRef {
  type: string;
  config: Record<string, unknown> | undefined;
}

/** Duplicate edge ids, edges whose source or target is missing, and edges from a branch the node lacks. */
export function checkNodeEdges(options: {
  nodes: readonly EdgeNode[];
  edges: readonly EdgeRef[];
  registry: NodeRegistry;
}): Problem[] {
  const byId = new Map<string, EdgeNode>();
  for (const node of options.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const seenEdgeIds = new Set<string>();
  const problems: Problem[] = [];
  for (const edge of options.edges) {
    const edgeId = edge.id;
    if (edgeId !== undefined) {
      if (seenEdgeIds.has(edgeId)) {
        problems.push(
          edgeProblem(edge, {
            code: 'duplicate_edge_id',
            path: `/edges/${edge.index}/id`,
            message: {
              ja: `接続の ID「${edgeId}」が重複しています。接続ごとに別の ID を付けてください。`,
              en: `The edge id "${edgeId}" is used twice. Give each edge its own id.`,
            },
          }),
        );
      }
      seenEdgeIds.add(edgeId);
    }
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) problems.push(missingEnd(edge, 'source', target));
    if (!target) problems.push(missingEnd(edge, 'target', source));
    if (source) {
      const wrongBranch = checkBranch(edge, source, options.registry);
      if (wrongBranch) problems.push(wrongBranch);
    }
  }
  return problems;
}

function edgeProblem(
  edge: EdgeRef,
  options: { code: string; path: string; message: Localized; node?: NodeRef },
): Problem {
  return problem({
    severity: 'error',
    ...options,
    ...(edge.id === undefined ? {} : { edgeId: edge.id }),
  });
}

function missingEnd(edge: EdgeRef, end: 'source' | 'target', other: NodeRef | undefined): Problem {
  const missing = end === 'source' ? edge.source : edge.target;
  const otherName = other ? nodeName(other) : undefined;
  const message: Localized =
    end === 'source'
      ? {
          ja: `接続元のノード「${missing}」がありません${otherName ? ` (${otherName.ja}への接続)` : ''}。削除されたノードからの接続です。この接続を削除するか、今あるノードからつなぎ直してください。`,
          en: `This edge starts at node "${missing}", which does not exist${otherName ? ` (it leads to ${otherName.en})` : ''}. Delete the edge, or connect it from an existing node.`,
        }
      : {
          ja: `接続先のノード「${missing}」がありません${otherName ? ` (${otherName.ja}の「${edge.sourceHandle}」からの接続)` : ''}。削除されたノードへの接続です。この接続を削除するか、今あるノードにつなぎ直してください。`,
          en: `This edge leads to node "${missing}", which does not exist${otherName ? ` (it comes from the "${edge.sourceHandle}" branch of ${otherName.en})` : ''}. Delete the edge, or connect it to an existing node.`,
        };
  return edgeProblem(edge, {
    code: 'dangling_edge',
    path: `/edges/${edge.index}/${end}`,
    message,
    ...(other ? { node: other } : {}),
  });
}

function checkBranch(edge: EdgeRef, source: EdgeNode, registry: NodeRegistry): Problem | undefined {
  // An unknown type or a broken config is reported on the node; its branches cannot be known.
  if (!registry.has(source.type) || !source.config) return undefined;
  const branches = registry.branchesOf(source.type, source.config);
  if (branches.includes(edge.sourceHandle)) return undefined;
  const name = nodeName(source);
  const path = `/edges/${edge.index}/sourceHandle`;
  if (branches.length === 0) {
    return edgeProblem(edge, {
      code: 'unknown_branch',
      path,
      node: source,
      message: {
        ja: `${name.ja}はフローの終わりのノードなので、そこから先へは接続できません (分岐「${edge.sourceHandle}」はありません)。この接続を削除してください。`,
        en: `${name.en} ends the flow, so no edge can leave it (it has no branch "${edge.sourceHandle}"). Delete this edge.`,
      },
    });
  }
  const guess = closestMatch(edge.sourceHandle, branches);
  const list = quoteList(branches);
  return edgeProblem(edge, {
    code: 'unknown_branch',
    path,
    node: source,
    message: {
      ja: `${name.ja}に分岐「${edge.sourceHandle}」はありません。${guess ? `「${guess}」のことですか？` : ''}このノードの分岐は${list.ja}です。選択肢や条件を消した場合は、残っている分岐からつなぎ直してください。`,
      en: `${name.en} has no branch "${edge.sourceHandle}".${guess ? ` Did you mean "${guess}"?` : ''} Its branches are ${list.en}. If you removed an option or case, reconnect the edge from a branch that exists.`,
    },
  });
}
