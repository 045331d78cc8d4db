import type { ErrorObject, ValidateFunction } from 'ajv';
import { workflowSchema, type WorkflowDocument } from '../model/workflow';
import { createAjv } from './ajv';
import { isRecord, type ConfigIssue, type NodeRegistry } from './registry';
import { describeIssue } from './validate-issues';
import { collapseUnions } from './validate-unions';
import { pointerSegment, pointerSegments, problem, type NodeRef, type Problem } from './validate-problem';

let documentValidator: ValidateFunction<WorkflowDocument> | undefined;

function documentSchema(): ValidateFunction<WorkflowDocument> {
  documentValidator ??= createAjv().compile<WorkflowDocument>(workflowSchema);
  return documentValidator;
}

function validateDocumentSchema(doc: unknown): ConfigIssue[] {
  const validate = documentSchema();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(toIssue);
}

/** True when `doc` matches the workflow JSON Schema: the type guard callers need before running it. */
export function isWorkflowDocument(doc: unknown): doc is WorkflowDocument {
  return documentSchema()(doc);
}

/** Like the registry's config issues: a missing or extra key is named in the path itself. */
function toIssue(error: ErrorObject): ConfigIssue {
  const params: Record<string, unknown> = { ...error.params };
  const key =
    typeof params.missingProperty === 'string'
      ? params.missingProperty
      : typeof params.additionalProperty === 'string'
        ? params.additionalProperty
        : undefined;
  const path = key === undefined ? error.instancePath : `${error.instancePath}/${pointerSegment(key)}`;
  return { path, keyword: error.keyword, message: error.message ?? 'is invalid', params };
}

/** The node at `/nodes/N`, named as well as the document allows (its id may itself be the problem). */
export function nodeRefAt(doc: Record<string, unknown>, index: number): NodeRef | undefined {
  const node = itemAt(doc.nodes, index);
  if (!isRecord(node) || typeof node.id !== 'string') return undefined;
  return { index, id: node.id, label: typeof node.label === 'string' ? node.label : '' };
}

function itemAt(list: unknown, index: number): unknown {
  const items: readonly unknown[] = Array.isArray(list) ? list : [];
  return items[index];
}

function edgeIdAt(doc: Record<string, unknown>, index: number): string | undefined {
  const edge = itemAt(doc.edges, index);
  return isRecord(edge) && typeof edge.id === 'string' ? edge.id : undefined;
}

/** Problems of the document against the workflow JSON Schema, in words, naming node and field. */
export function checkDocumentSchema(doc: Record<string, unknown>): Problem[] {
  return collapseUnions(validateDocumentSchema(doc)).map(({ issue, allowed, types }) => {
    const segments = pointerSegments(issue.path);
    const [collection, position] = segments;
    const index = Number(position);
    const inList =
      (collection === 'nodes' || collection === 'edges' || collection === 'notes') && position !== undefined;
    const node = collection === 'nodes' && inList ? nodeRefAt(doc, index) : undefined;
    const edgeId = collection === 'edges' && inList ? edgeIdAt(doc, index) : undefined;
    const described = describeIssue({
      issue,
      segments,
      fieldSegments: inList ? segments.slice(2) : segments,
      scope: 'document',
      schema: workflowSchema,
      value: doc,
      ...(allowed ? { allowed } : {}),
      ...(types ? { types } : {}),
    });
    return problem({
      severity: 'error',
      code: `schema_${described.kind}`,
      message: described.message,
      path: issue.path,
      ...(node ? { node } : {}),
      ...(edgeId === undefined ? {} : { edgeId }),
    });
  });
}

/** Problems of one node's config against its node type's schema: path `/nodes/N/config/<key>`. */
export function checkNodeConfig(options: {
  registry: NodeRegistry;
  node: NodeRef;
  type: string;
  config: Record<string, unknown>;
}): Problem[] {
  const { registry, node, type, config } = options;
  const definition = registry.get(type);
  if (!definition) return [];
  return collapseUnions(registry.checkConfig(type, config)).map(({ issue, allowed, types }) => {
    const segments = pointerSegments(issue.path);
    const described = describeIssue({
      issue,
      segments,
      fieldSegments: segments,
      scope: 'config',
      schema: definition.config,
      value: config,
      ...(allowed ? { allowed } : {}),
      ...(types ? { types } : {}),
    });
    return problem({
      severity: 'error',
      code: `config_${described.kind}`,
      message: described.message,
      path: `/nodes/${node.index}/config${issue.path}`,
      node,
    });
  });
}
