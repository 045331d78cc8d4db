import { ApiError } from '../api/client';
import { saveDraft } from '../api/endpoints';
import type { WorkflowDetail } from '../api/types';
import { flowToDocument } from './convert';
import type { EditorStore } from './editor-store';
import { journal } from './journal';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict';

const JOURNAL_DELAY_MS = 250;
const SERVER_DELAY_MS = 1500;

/**
 * Keeps every change: first in the local journal (IndexedDB, within a quarter second), then on the
 * server as the draft (debounced). A 409 from the server means its draft moved on since we loaded
 * it (another tab or person): saving stops and `onConflict` lets the user choose.
 */
export class Autosave {
  private status: SaveStatus = 'saved';
  private baseUpdatedAt: string;
  private journalTimer: number | undefined;
  private serverTimer: number | undefined;
  private lastRevision: number;
  private inFlight: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly o: {
      store: EditorStore;
      workflowId: string;
      baseUpdatedAt: string;
      onConflict: () => void;
      onSaved?: (detail: WorkflowDetail) => void;
    },
  ) {
    this.baseUpdatedAt = o.baseUpdatedAt;
    this.lastRevision = o.store.getSnapshot().revision;
  }

  /**
   * Starts watching the store. Called from an effect, not the constructor: React may build the
   * object twice (StrictMode) and only the one it keeps may save.
   */
  start(): void {
    if (this.unsubscribe) return;
    this.lastRevision = this.o.store.getSnapshot().revision;
    this.unsubscribe = this.o.store.subscribe(() => this.onStoreChange());
  }

  readonly subscribeStatus = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getStatus = (): SaveStatus => this.status;

  get base(): string {
    return this.baseUpdatedAt;
  }

  private setStatus(status: SaveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }

  private onStoreChange(): void {
    const revision = this.o.store.getSnapshot().revision;
    if (revision === this.lastRevision) return;
    this.lastRevision = revision;
    if (this.status === 'conflict') {
      this.writeJournal(true);
      return;
    }
    this.setStatus('pending');
    window.clearTimeout(this.journalTimer);
    this.journalTimer = window.setTimeout(() => this.writeJournal(true), JOURNAL_DELAY_MS);
    window.clearTimeout(this.serverTimer);
    this.serverTimer = window.setTimeout(() => void this.saveNow(), SERVER_DELAY_MS);
  }

  private writeJournal(dirty: boolean): void {
    void journal.write({
      workflowId: this.o.workflowId,
      document: flowToDocument(this.o.store.flow),
      baseUpdatedAt: this.baseUpdatedAt,
      dirty,
      savedAt: Date.now(),
    });
  }

  /** Saves to the server now (Ctrl+S, before publishing or running). */
  async saveNow(options: { force?: boolean } = {}): Promise<void> {
    window.clearTimeout(this.serverTimer);
    if (this.inFlight) await this.inFlight;
    if (this.status === 'saved' && !options.force) return;
    if (this.status === 'conflict' && !options.force) return;
    const revision = this.lastRevision;
    const document = flowToDocument(this.o.store.flow);
    this.setStatus('saving');
    this.inFlight = (async () => {
      try {
        const saved = await saveDraft({
          id: this.o.workflowId,
          draft: document,
          baseUpdatedAt: this.baseUpdatedAt,
        });
        this.baseUpdatedAt = saved.updatedAt;
        this.o.onSaved?.(saved);
        const changedMeanwhile = this.lastRevision !== revision;
        this.writeJournal(changedMeanwhile);
        if (changedMeanwhile) {
          this.setStatus('pending');
          this.serverTimer = window.setTimeout(() => void this.saveNow(), SERVER_DELAY_MS);
        } else this.setStatus('saved');
      } catch (error) {
        if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
          this.setStatus('conflict');
          this.o.onConflict();
        } else {
          this.setStatus('offline');
          this.serverTimer = window.setTimeout(() => void this.saveNow(), SERVER_DELAY_MS * 4);
        }
      } finally {
        this.inFlight = null;
      }
    })();
    await this.inFlight;
  }

  /** After the user chose in a conflict: keep ours (overwrite) or adopt the server's revision. */
  resolve(o: { baseUpdatedAt: string; save: boolean }): void {
    this.baseUpdatedAt = o.baseUpdatedAt;
    this.lastRevision = this.o.store.getSnapshot().revision;
    this.setStatus(o.save ? 'pending' : 'saved');
    if (o.save) void this.saveNow({ force: true });
    else this.writeJournal(false);
  }

  /** Marks the current state as saved on the server (after load). */
  markClean(baseUpdatedAt: string): void {
    this.baseUpdatedAt = baseUpdatedAt;
    this.lastRevision = this.o.store.getSnapshot().revision;
    this.setStatus('saved');
    this.writeJournal(false);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    window.clearTimeout(this.journalTimer);
    // Leaving the page with changes: the journal keeps them; try one last save as well.
    if (this.status === 'pending') {
      this.writeJournal(true);
      void this.saveNow();
    }
    window.clearTimeout(this.serverTimer);
  }
}
