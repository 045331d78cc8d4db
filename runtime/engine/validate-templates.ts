import { Liquid, type Template } from 'liquidjs';
import type { Localized } from '../model/localized';
import { isRecord } from './registry';
import { hasTemplate } from './templates';
import { nodeName, pointerSegment, problem, type NodeRef, type Problem } from './validate-problem';
import { closestMatch } from './validate-suggest';

/**
 * Parses like the executor's engine (runtime/engine/templates.ts): unknown filters are errors there,
 * so they are errors here. Nothing is rendered, so no limits are needed.
 */
const liquid = new Liquid({ strictFilters: true, templates: {} });

/** What a template may read (runtime/engine/templates.ts `TemplateScope`). */
const ROOTS = ['trigger', 'vars', 'nodes'];

export interface TemplateCheckNode extends NodeRef {
  config: Record<string, unknown>;
}

/**
 * Syntax errors in every template of every node's config, plus warnings for names that will be
 * empty at run time: an unknown root, a variable no node sets, a node id not in the document.
 */
export function checkTemplates(options: {
  nodes: readonly TemplateCheckNode[];
  /** Variables some node of the document sets. */
  knownVars: ReadonlySet<string>;
}): Problem[] {
  const nodeIds = new Map(options.nodes.map((node) => [node.id, node]));
  const problems: Problem[] = [];
  for (const node of options.nodes) {
    for (const { path, text } of templateStrings(node.config, `/nodes/${node.index}/config`)) {
      let templates: Template[];
      try {
        templates = liquid.parse(text);
      } catch (error) {
        problems.push(
          problem({ severity: 'error', code: 'template_syntax', message: syntaxMessage(error), path, node }),
        );
        continue;
      }
      const seen = new Set<string>();
      for (const segments of liquid.globalVariableSegmentsSync(templates)) {
        const message = nameProblem(segments, { knownVars: options.knownVars, nodeIds });
        if (!message || seen.has(message.code)) continue;
        seen.add(message.code);
        problems.push(
          problem({ severity: 'warning', code: message.kind, message: message.text, path, node }),
        );
      }
    }
  }
  return problems;
}

function* templateStrings(value: unknown, path: string): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') {
    if (hasTemplate(value)) yield { path, text: value };
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* templateStrings(item, `${path}/${index}`);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value))
      yield* templateStrings(item, `${path}/${pointerSegment(key)}`);
  }
}

type Segments = ReturnType<Liquid['globalVariableSegmentsSync']>[number];

function nameProblem(
  segments: Segments,
  known: { knownVars: ReadonlySet<string>; nodeIds: ReadonlyMap<string, NodeRef> },
): { kind: string; code: string; text: Localized } | undefined {
  const [root, name] = segments;
  if (typeof root !== 'string') return undefined;
  const shown = showSegments(segments);
  if (!ROOTS.includes(root)) {
    const guess = closestMatch(root, ROOTS);
    return {
      kind: 'template_unknown_root',
      code: `root:${root}`,
      text: {
        ja: `テンプレートの「${shown}」は読めません。名前は trigger・vars・nodes のどれかで始めてください${guess ? ` (「${guess}」のことですか？)` : ''}。`,
        en: `The template reads "${shown}", which does not exist: names start with trigger, vars or nodes${guess ? ` (did you mean "${guess}"?)` : ''}.`,
      },
    };
  }
  if (typeof name !== 'string') return undefined;
  if (root === 'vars' && !known.knownVars.has(name)) {
    const guess = closestMatch(name, known.knownVars);
    const hint: Localized = guess
      ? { ja: `「vars.${guess}」のことですか？`, en: `Did you mean "vars.${guess}"?` }
      : {
          ja: '先に「変数を設定」や「質問」のノードで設定してください。',
          en: 'Set it first with a "set variable" or "ask" node.',
        };
    return {
      kind: 'template_unknown_variable',
      code: `vars:${name}`,
      text: {
        ja: `変数「${name}」を設定するノードがないため、「{{ ${shown} }}」は空になります。${hint.ja}`,
        en: `No node sets the variable "${name}", so "{{ ${shown} }}" will be empty. ${hint.en}`,
      },
    };
  }
  if (root === 'nodes' && !known.nodeIds.has(name)) {
    const guess = closestMatch(name, known.nodeIds.keys());
    const target = guess === undefined ? undefined : known.nodeIds.get(guess);
    const hint: Localized = target
      ? { ja: `${nodeName(target).ja}のことですか？`, en: `Did you mean ${nodeName(target).en}?` }
      : { ja: 'ノードの ID を確かめてください。', en: 'Check the node id.' };
    return {
      kind: 'template_unknown_node',
      code: `nodes:${name}`,
      text: {
        ja: `ID「${name}」のノードはないため、「{{ ${shown} }}」は空になります。${hint.ja}`,
        en: `There is no node with id "${name}", so "{{ ${shown} }}" will be empty. ${hint.en}`,
      },
    };
  }
  return undefined;
}

/** `vars.items[0].name`: the expression as it was written, near enough. */
function showSegments(segments: Segments): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (Array.isArray(segment)) text += `[${showSegments(segment)}]`;
    else if (text.length === 0) text = segment;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += `.${segment}`;
    else text += `["${segment}"]`;
  }
  return text;
}

/** Liquid's own message, with its `line:1, col:6` turned into words and common mistakes explained. */
function syntaxMessage(error: unknown): Localized {
  const raw = error instanceof Error ? error.message : String(error);
  const where = /,?\s*line:(\d+), col:(\d+)\s*$/.exec(raw);
  const detail = where ? raw.slice(0, where.index) : raw;
  const at: Localized = where
    ? { ja: `${where[1]} 行 ${where[2]} 文字目`, en: `line ${where[1]}, column ${where[2]}` }
    : { ja: '', en: '' };
  const explained = explain(detail);
  return {
    ja: `テンプレートの書き方に誤りがあります${at.ja ? ` (${at.ja})` : ''}: ${explained.ja}`,
    en: `The template has a syntax error${at.en ? ` at ${at.en}` : ''}: ${explained.en}`,
  };
}

function explain(detail: string): Localized {
  const filter = /^undefined filter: (\S+)/.exec(detail);
  if (filter?.[1] !== undefined) {
    const guess = closestMatch(filter[1], Object.keys(liquid.filters));
    return {
      ja: `フィルター「${filter[1]}」はありません。${guess ? `「${guess}」のことですか？` : 'フィルター名を確かめてください。'}`,
      en: `there is no filter "${filter[1]}". ${guess ? `Did you mean "${guess}"?` : 'Check the filter name.'}`,
    };
  }
  if (/not closed/.test(detail)) {
    return {
      ja: `閉じられていない部分があります (${detail})。「{{」は「}}」で、「{% if %}」などは「{% endif %}」で閉じてください。`,
      en: `something is not closed (${detail}). Close "{{" with "}}", and "{% if %}" and the like with "{% endif %}".`,
    };
  }
  const tag = /^tag "(.+)" not found/.exec(detail);
  if (tag?.[1] !== undefined) {
    return {
      ja: `タグ「${tag[1]}」はありません。使えるタグは if・unless・case・for・assign・capture などです。`,
      en: `there is no tag "${tag[1]}". Use if, unless, case, for, assign, capture and the like.`,
    };
  }
  return { ja: `${detail}。書き方を確かめてください。`, en: `${detail}. Check the template.` };
}
