import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { WorkflowDocument } from '../../runtime/model/workflow';

/** One workflow's local copy: kept on every change so a reload or a crash loses nothing. */
export interface JournalEntry {
  workflowId: string;
  document: WorkflowDocument;
  /** The server draft revision this copy was edited on top of. */
  baseUpdatedAt: string;
  /** True while the copy holds changes the server does not have yet. */
  dirty: boolean;
  savedAt: number;
}

interface JournalSchema extends DBSchema {
  drafts: { key: string; value: JournalEntry };
  samples: { key: string; value: { workflowId: string; text: string } };
}

let database: Promise<IDBPDatabase<JournalSchema>> | null = null;

function open(): Promise<IDBPDatabase<JournalSchema>> | null {
  if (typeof indexedDB === 'undefined') return null;
  database ??= openDB<JournalSchema>('musubi-editor', 1, {
    upgrade(db) {
      db.createObjectStore('drafts', { keyPath: 'workflowId' });
      db.createObjectStore('samples', { keyPath: 'workflowId' });
    },
  });
  return database;
}

/** The local draft journal in IndexedDB. Failures (private mode, quota) degrade to "not kept". */
export const journal = {
  async read(workflowId: string): Promise<JournalEntry | undefined> {
    try {
      return await (await open())?.get('drafts', workflowId);
    } catch {
      return undefined;
    }
  },
  async write(entry: JournalEntry): Promise<void> {
    try {
      await (await open())?.put('drafts', entry);
    } catch {
      // Not kept locally; the server save still runs.
    }
  },
  async readSample(workflowId: string): Promise<string | undefined> {
    try {
      return (await (await open())?.get('samples', workflowId))?.text;
    } catch {
      return undefined;
    }
  },
  async writeSample(workflowId: string, text: string): Promise<void> {
    try {
      await (await open())?.put('samples', { workflowId, text });
    } catch {
      // The sample input is a convenience; losing it is harmless.
    }
  },
};
