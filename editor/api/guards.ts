import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import type { RunState, StepRecord } from '../../runtime/model/run';
import type { Localized } from '../../runtime/model/localized';

/**
 * Shape checks for what the server sends. They look at the fields the editor relies on, so a
 * server that changed its answers fails loudly here instead of deep inside a component.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isLocalized(value: unknown): value is Localized {
  return isRecord(value) && typeof value.ja === 'string' && typeof value.en === 'string';
}

export function isWorkflowDocument(value: unknown): value is WorkflowDocument {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    Array.isArray(value.nodes) &&
    Array.isArray(value.edges) &&
    value.nodes.every(isDocumentNode) &&
    value.edges.every(isDocumentEdge) &&
    (value.notes === undefined || Array.isArray(value.notes))
  );
}

function isDocumentNode(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.type === 'string' &&
    isRecord(value.position) &&
    typeof value.position.x === 'number' &&
    typeof value.position.y === 'number' &&
    isRecord(value.config)
  );
}

function isDocumentEdge(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.source === 'string' &&
    typeof value.target === 'string' &&
    typeof value.sourceHandle === 'string'
  );
}

export function isNodeDescriptor(value: unknown): value is NodeDescriptor {
  return (
    isRecord(value) &&
    typeof value.type === 'string' &&
    typeof value.category === 'string' &&
    isLocalized(value.labels) &&
    isRecord(value.config) &&
    Array.isArray(value.branches)
  );
}

export function isStepRecord(value: unknown): value is StepRecord {
  return (
    isRecord(value) &&
    typeof value.nodeId === 'string' &&
    typeof value.status === 'string' &&
    typeof value.index === 'number'
  );
}

export function isRunState(value: unknown): value is RunState {
  return (
    isRecord(value) &&
    typeof value.runId === 'string' &&
    typeof value.status === 'string' &&
    Array.isArray(value.steps) &&
    value.steps.every(isStepRecord)
  );
}

/** Reads a string field, or undefined. */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a number field, or undefined. */
export function numberField(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A list the server sent either bare or wrapped (`{ items }`, `{ workflows }` …). */
export function listFrom(value: unknown, keys: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return [];
  for (const key of keys) {
    const inner = value[key];
    if (Array.isArray(inner)) return inner;
  }
  return [];
}
