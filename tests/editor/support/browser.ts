import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { EDITOR_DIST } from '../../../server/http/editor';
import { buildEditorIfStale } from '../../../server/http/editor-build';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export { EDITOR_DIST };

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

/** Builds the editor into dist/editor unless the build there is newer than every source file. */
export async function ensureEditorBuild(): Promise<string> {
  await buildEditorIfStale();
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
