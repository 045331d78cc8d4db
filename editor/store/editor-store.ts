import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { FlowEdge, FlowNode, FlowState, WorkflowMeta } from './flow-types';

/** How many steps undo reaches back. */
const HISTORY_LIMIT = 200;
/** Edits with the same key this close together (typing in one field) undo as one step. */
const COALESCE_MS = 1200;

export interface ChangeOptions {
  /** Record an undo step (default true). Selection and measuring are not document changes. */
  record?: boolean;
  /** Edits with the same key in quick succession merge into one undo step. */
  coalesce?: string;
  /** Whether the document changed (drives saving); default: same as `record`. */
  dirty?: boolean;
}

export interface EditorSnapshot extends FlowState {
  canUndo: boolean;
  canRedo: boolean;
  /** Increases with every document change; the autosave watches it. */
  revision: number;
}

/**
 * The editor's state: the flow (meta, nodes, edges) and its undo history. A plain class behind
 * `useSyncExternalStore`, so React Flow's frequent updates (dragging) skip React context churn.
 * Every document change goes through `change`, so undo covers all of them: moves, connects,
 * deletes, pastes, label and config edits.
 */
export class EditorStore {
  private state: EditorSnapshot;
  private past: FlowState[] = [];
  private future: FlowState[] = [];
  private lastCoalesce: { key: string; at: number } | null = null;
  /** The state before a drag began: one undo step per drag, not one per frame. */
  private dragBaseline: FlowState | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(initial: FlowState) {
    this.state = { ...initial, canUndo: false, canRedo: false, revision: 0 };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): EditorSnapshot => this.state;

  get flow(): FlowState {
    return { meta: this.state.meta, nodes: this.state.nodes, edges: this.state.edges };
  }

  private emit(next: FlowState, dirty: boolean): void {
    this.state = {
      ...next,
      canUndo: this.past.length > 0 || this.dragBaseline !== null,
      canRedo: this.future.length > 0,
      revision: dirty ? this.state.revision + 1 : this.state.revision,
    };
    for (const listener of this.listeners) listener();
  }

  /** Applies a change to the flow. */
  change(update: (flow: FlowState) => FlowState, options: ChangeOptions = {}): void {
    const record = options.record ?? true;
    const before = this.flow;
    const after = update(before);
    if (after === before) return;
    if (record) this.pushPast(before, options.coalesce);
    this.emit(after, options.dirty ?? record);
  }

  private pushPast(before: FlowState, coalesce: string | undefined): void {
    const now = Date.now();
    const merge =
      coalesce !== undefined &&
      this.lastCoalesce !== null &&
      this.lastCoalesce.key === coalesce &&
      now - this.lastCoalesce.at < COALESCE_MS;
    this.lastCoalesce = coalesce === undefined ? null : { key: coalesce, at: now };
    if (merge) return;
    this.past.push(before);
    if (this.past.length > HISTORY_LIMIT) this.past.shift();
    this.future = [];
  }

  /** Node moves while dragging: applied at once, recorded as one step when the drag ends. */
  dragMove(update: (flow: FlowState) => FlowState, ended: boolean): void {
    if (!this.dragBaseline) this.dragBaseline = this.flow;
    const after = update(this.flow);
    if (ended) {
      this.past.push(this.dragBaseline);
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
      this.future = [];
      this.dragBaseline = null;
      this.lastCoalesce = null;
    }
    this.emit(after, ended);
  }

  /** Replaces the whole flow (loading a draft, restoring a version). Undoable unless `record` is false. */
  replace(flow: FlowState, options: { record: boolean; dirty: boolean }): void {
    if (options.record) this.pushPast(this.flow, undefined);
    else {
      this.past = [];
      this.future = [];
    }
    this.emit(flow, options.dirty);
  }

  undo(): void {
    const previous = this.past.pop();
    if (!previous) return;
    this.future.push(this.flow);
    this.lastCoalesce = null;
    this.emit(keepSelection(previous, this.state.nodes), true);
  }

  redo(): void {
    const next = this.future.pop();
    if (!next) return;
    this.past.push(this.flow);
    this.lastCoalesce = null;
    this.emit(keepSelection(next, this.state.nodes), true);
  }

  setMeta(meta: WorkflowMeta, coalesce?: string): void {
    this.change((flow) => ({ ...flow, meta }), coalesce === undefined ? {} : { coalesce });
  }
}

/**
 * Undo restores the document, not what happens to be selected: nodes keep their current
 * selection so the inspector does not jump around.
 */
function keepSelection(flow: FlowState, current: readonly FlowNode[]): FlowState {
  const selected = new Set(current.filter((node) => node.selected).map((node) => node.id));
  const nodes = flow.nodes.map((node): FlowNode => {
    const isSelected = selected.has(node.id);
    return Boolean(node.selected) === isSelected ? node : { ...node, selected: isSelected };
  });
  const edges = flow.edges.map((edge): FlowEdge => (edge.selected ? { ...edge, selected: false } : edge));
  return { ...flow, nodes, edges };
}

/** Subscribes a component to the store. */
export function useEditorState(store: EditorStore): EditorSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/**
 * Subscribes to one slice of the store: the component re-renders only when `select` returns
 * something not `equal` to last time. Dragging a node changes `nodes` on every frame; panels
 * that do not show positions must not re-render with it.
 */
export function useEditorSelector<T>(
  store: EditorStore,
  select: (state: EditorSnapshot) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const last = useRef<{ state: EditorSnapshot; select: unknown; value: T } | null>(null);
  const getSlice = useCallback((): T => {
    const state = store.getSnapshot();
    const previous = last.current;
    // The cache holds for one state *and* one selector: a selector that closes over a prop
    // (the selected node id) must be asked again when that prop changes.
    if (previous && previous.state === state && previous.select === select) return previous.value;
    const value = select(state);
    if (previous && equal(previous.value, value)) {
      last.current = { state, select, value: previous.value };
      return previous.value;
    }
    last.current = { state, select, value };
    return value;
  }, [store, select, equal]);
  return useSyncExternalStore(store.subscribe, getSlice);
}

/** Equal when both arrays hold the same items in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
