import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { build as viteBuild } from 'vite';
import { EDITOR_DIST } from './editor';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCK = path.join(ROOT, 'node_modules/.cache/musubi-editor-build.lock');
const STALE_LOCK_MS = 180_000;

export type EditorBuildResult = 'fresh' | 'built' | 'unavailable';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/editor is missing or older than a source file of the editor or its build config. */
export function editorBuildIsStale(): boolean {
  const index = path.join(EDITOR_DIST, 'index.html');
  if (!fs.existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'editor')),
    fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  return fs.statSync(index).mtimeMs <= sources;
}

/**
 * Runs `work` while holding a lock folder: two builds into the same dist/editor (each empties it
 * first) would pull files from under a server, and test workers and `npm start` may race.
 */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the editor bundle with Vite when it is missing or stale (SPEC §2: `npm start` builds the
 * editor). Vite is a development dependency: where it is not installed the server runs on and
 * serves its small placeholder page, and the result says so.
 */
export async function buildEditorIfStale(
  options: { onBuildStart?: () => void } = {},
): Promise<EditorBuildResult> {
  return withBuildLock(async () => {
    if (!editorBuildIsStale()) return 'fresh';
    let build: typeof viteBuild;
    try {
      ({ build } = await import('vite'));
    } catch {
      return 'unavailable';
    }
    options.onBuildStart?.();
    // Vite keeps an existing NODE_ENV (vitest sets `test`): force the production React bundle.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: path.join(ROOT, 'vite.config.ts'),
        root: path.join(ROOT, 'editor'),
        mode: 'production',
        logLevel: 'warn',
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    return 'built';
  });
}
