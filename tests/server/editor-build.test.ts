import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITOR_DIST } from '../../server/http/editor';
import { buildEditorIfStale, editorBuildIsStale } from '../../server/http/editor-build';

describe('the editor build behind npm start', () => {
  it('builds the bundle when it is missing or stale, and not again while it is fresh', async () => {
    await buildEditorIfStale();
    expect(fs.existsSync(path.join(EDITOR_DIST, 'index.html'))).toBe(true);
    expect(editorBuildIsStale()).toBe(false);
    let started = 0;
    expect(await buildEditorIfStale({ onBuildStart: () => started++ })).toBe('fresh');
    expect(started).toBe(0);
  }, 180_000);
});
