import type { ConfigIssue } from './registry';

export interface CollapsedIssue {
  issue: ConfigIssue;
  /** For a union of constants: the values it accepts. */
  allowed?: unknown[];
  /** For a union of plain types (string or null …): the types it accepts. */
  types?: unknown[];
}

/**
 * Ajv reports a failed union once per option plus once for the union itself. Keeps only the union's
 * issue (with the constants its options accept) so "must be one of a, b, c" is said once.
 */
export function collapseUnions(all: readonly ConfigIssue[]): CollapsedIssue[] {
  // "must match the then schema" adds nothing: the `then` branch's own issues say what is missing.
  const issues = all.filter((issue) => issue.keyword !== 'if');
  const unionPaths = issues.filter((i) => i.keyword === 'anyOf' || i.keyword === 'oneOf').map((i) => i.path);
  const inside = (path: string, union: string): boolean => path === union || path.startsWith(`${union}/`);
  const result: CollapsedIssue[] = [];
  for (const issue of issues) {
    const union = unionPaths.find((path) => inside(issue.path, path));
    if (union === undefined) {
      result.push({ issue });
      continue;
    }
    if (issue.keyword !== 'anyOf' && issue.keyword !== 'oneOf') continue;
    // Only the outermost union speaks; nested ones are part of its options.
    if (unionPaths.some((path) => path !== issue.path && inside(issue.path, path))) continue;
    if (result.some((r) => r.issue.path === issue.path && r.issue.keyword === issue.keyword)) continue;
    const options = issues.filter((other) => inside(other.path, issue.path) && other !== issue);
    // TypeBox literals carry `type` beside `const`: a wrong type is then also "not one of these".
    const atUnion = options.every((other) => other.path === issue.path);
    const onlyConstants =
      atUnion &&
      options.some((other) => other.keyword === 'const' || other.keyword === 'enum') &&
      options.every((other) => ['const', 'enum', 'type'].includes(other.keyword));
    const allowed: unknown[] = [];
    if (onlyConstants) {
      for (const other of options) {
        if (other.keyword === 'const') allowed.push(other.params.allowedValue);
        else if (other.keyword === 'enum') allowed.push(...listOf(other.params.allowedValues));
      }
    }
    const onlyTypes = atUnion && options.every((other) => other.keyword === 'type');
    const types = onlyTypes ? options.flatMap((other) => listOf(other.params.type)) : [];
    result.push({ issue, allowed, types });
  }
  return result;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
