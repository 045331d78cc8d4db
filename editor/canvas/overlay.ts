import { useSyncExternalStore } from 'react';
import type { StepRecord } from '../../runtime/model/run';
import type { Problem } from '../api/types';

/** What is drawn over one node: its run status and its validation problems. */
export interface NodeOverlay {
  step?: StepRecord;
  /** How many times the node ran in the shown run (loops, retries). */
  visits?: number;
  problems?: Problem[];
  /** Shown while comparing with a published version. */
  diff?: 'added' | 'changed';
}

const EMPTY: NodeOverlay = {};

/**
 * Per-node overlays behind a tiny subscription store: when a run's trace arrives only the nodes
 * whose overlay changed re-render, not the whole canvas.
 */
export class OverlayStore {
  private overlays = new Map<string, NodeOverlay>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(nodeId: string): NodeOverlay {
    return this.overlays.get(nodeId) ?? EMPTY;
  }

  subscribe(nodeId: string, listener: () => void): () => void {
    let set = this.listeners.get(nodeId);
    if (!set) {
      set = new Set();
      this.listeners.set(nodeId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Replaces the run part of every overlay. */
  setSteps(steps: readonly StepRecord[]): void {
    const last = new Map<string, StepRecord>();
    const visits = new Map<string, number>();
    for (const step of steps) {
      last.set(step.nodeId, step);
      visits.set(step.nodeId, (visits.get(step.nodeId) ?? 0) + 1);
    }
    this.update((id, current) => {
      const step = last.get(id);
      const { step: _s, visits: _v, ...rest } = current;
      return step ? { ...rest, step, visits: visits.get(id) ?? 1 } : rest;
    }, last.keys());
  }

  /** Replaces the problems part of every overlay. */
  setProblems(problems: readonly Problem[]): void {
    const byNode = new Map<string, Problem[]>();
    for (const problem of problems) {
      if (!problem.nodeId) continue;
      const list = byNode.get(problem.nodeId) ?? [];
      list.push(problem);
      byNode.set(problem.nodeId, list);
    }
    this.update((id, current) => {
      const list = byNode.get(id);
      const { problems: _p, ...rest } = current;
      return list ? { ...rest, problems: list } : rest;
    }, byNode.keys());
  }

  /** Marks nodes added or changed since a version (empty lists clear the marks). */
  setDiff(o: { added: readonly string[]; changed: readonly string[] }): void {
    const marks = new Map<string, 'added' | 'changed'>();
    for (const id of o.added) marks.set(id, 'added');
    for (const id of o.changed) marks.set(id, 'changed');
    this.update((id, current) => {
      const { diff: _d, ...rest } = current;
      const mark = marks.get(id);
      return mark ? { ...rest, diff: mark } : rest;
    }, marks.keys());
  }

  private update(next: (id: string, current: NodeOverlay) => NodeOverlay, touched: Iterable<string>): void {
    const ids = new Set([...this.overlays.keys(), ...touched]);
    const changed: string[] = [];
    for (const id of ids) {
      const current = this.get(id);
      const updated = next(id, current);
      if (shallowEqual(current, updated)) continue;
      if (Object.keys(updated).length === 0) this.overlays.delete(id);
      else this.overlays.set(id, updated);
      changed.push(id);
    }
    for (const id of changed) for (const listener of this.listeners.get(id) ?? []) listener();
  }
}

function shallowEqual(a: NodeOverlay, b: NodeOverlay): boolean {
  return a.step === b.step && a.visits === b.visits && a.problems === b.problems && a.diff === b.diff;
}

/** The overlay of one node; re-renders only when it changes. */
export function useNodeOverlay(store: OverlayStore, nodeId: string): NodeOverlay {
  return useSyncExternalStore(
    (listener) => store.subscribe(nodeId, listener),
    () => store.get(nodeId),
  );
}
