import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EDITOR_DIST = path.join(ROOT, 'dist/editor');

/** Chromium from CHROMIUM_PATH or Debian's package; undefined when neither is there. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => Boolean(p));
  return candidates.find((candidate) => fs.existsSync(candidate));
}

/** Why the browser tests cannot run here, and how to let them. */
export const HOW_TO_ENABLE =
  'Browser tests need Chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.';

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const LOCK = path.join(ROOT, 'node_modules/.cache/musubi-editor-build.lock');
const STALE_LOCK_MS = 180_000;

/**
 * Runs `work` while holding a lock folder: browser test files run in parallel workers, and two
 * builds into the same dist/editor (which each empties first) would pull files from under a server.
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

/** Builds the editor into dist/editor unless the build there is newer than every source file. */
export async function ensureEditorBuild(): Promise<string> {
  return withBuildLock(buildIfStale);
}

async function buildIfStale(): Promise<string> {
  const index = path.join(EDITOR_DIST, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'editor')),
    fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) return EDITOR_DIST;
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, and Vite keeps an existing NODE_ENV: without this the tests would
  // build (and serve, and the bench measure) React's development bundle.
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
  return EDITOR_DIST;
}

/** A fresh temp folder for a test server's data, removed by the returned function. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-editor-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const SCREENSHOT_DIR = path.join(ROOT, 'docs/images');

/** Screenshots are written only when asked (MUSUBI_SCREENSHOTS=1), so test runs leave the tree clean. */
export function screenshotPath(name: string): string | undefined {
  if (process.env.MUSUBI_SCREENSHOTS !== '1') return undefined;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}
