import type { Language, Localized } from '../model/localized';

export type ProblemSeverity = 'error' | 'warning';

/**
 * One thing wrong with a workflow document. `error`s keep it from being published or run;
 * `warning`s are shown but do not block. `path` is a JSON pointer into the document.
 */
export interface Problem {
  severity: ProblemSeverity;
  /** Stable machine name: `unknown_node_type`, `config_unknown_key`, `dangling_edge` … */
  code: string;
  message: Localized;
  path: string;
  nodeId?: string;
  nodeLabel?: string;
  edgeId?: string;
}

/** The node a problem belongs to, as the editor and the terminal name it. */
export interface NodeRef {
  index: number;
  id: string;
  label: string;
}

/** Builds a problem; node and edge fields are left out when unknown so JSON output stays tidy. */
export function problem(options: {
  severity: ProblemSeverity;
  code: string;
  message: Localized;
  path: string;
  node?: NodeRef;
  edgeId?: string;
}): Problem {
  const result: Problem = {
    severity: options.severity,
    code: options.code,
    message: options.message,
    path: options.path,
  };
  if (options.node) {
    result.nodeId = options.node.id;
    result.nodeLabel = options.node.label;
  }
  if (options.edgeId !== undefined) result.edgeId = options.edgeId;
  return result;
}

/** `「label」(id)` / `"label" (id)`: how a message names another node. */
export function nodeName(node: NodeRef): Localized {
  if (node.label.length === 0 || node.label === node.id) return { ja: `「${node.id}」`, en: `"${node.id}"` };
  return { ja: `「${node.label}」(${node.id})`, en: `"${node.label}" (${node.id})` };
}

/** A list of names quoted the way each language quotes them: 「a」「b」 / "a", "b". */
export function quoteList(names: readonly string[]): Localized {
  return {
    ja: names.map((name) => `「${name}」`).join(''),
    en: names.map((name) => `"${name}"`).join(', '),
  };
}

const SEVERITY_LABELS: Record<ProblemSeverity, Localized> = {
  error: { ja: 'エラー', en: 'error' },
  warning: { ja: '警告', en: 'warning' },
};

/**
 * The problems as terminal text, one line each: severity, node label (id), path, message — then a
 * count. Errors come first so they are not lost above a screen of warnings.
 */
export function summarizeProblems(problems: readonly Problem[], lang: Language): string {
  const ordered = [
    ...problems.filter((p) => p.severity === 'error'),
    ...problems.filter((p) => p.severity === 'warning'),
  ];
  const lines = ordered.map((p) => {
    const parts = [SEVERITY_LABELS[p.severity][lang].padEnd(lang === 'ja' ? 3 : 7)];
    if (p.nodeId !== undefined) {
      const label = p.nodeLabel && p.nodeLabel !== p.nodeId ? `${p.nodeLabel} (${p.nodeId})` : p.nodeId;
      parts.push(label);
    } else if (p.edgeId !== undefined) {
      parts.push(lang === 'ja' ? `接続 ${p.edgeId}` : `edge ${p.edgeId}`);
    }
    parts.push(p.path === '' ? '/' : p.path);
    parts.push(p.message[lang]);
    return parts.join('  ');
  });
  lines.push(countLine(problems, lang));
  return lines.join('\n');
}

function countLine(problems: readonly Problem[], lang: Language): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (lang === 'ja') {
    return problems.length === 0 ? '問題はありません。' : `エラー ${errors} 件、警告 ${warnings} 件`;
  }
  if (problems.length === 0) return 'No problems found.';
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Splits a JSON pointer into its (unescaped) segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
