import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Express, Request } from 'express';
import { placeholderPage } from './placeholder-page';

/** Where `npm run build:editor` (vite.config.ts) writes the editor bundle. */
export const EDITOR_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/editor');

export type EditorBundle = { kind: 'built'; dir: string } | { kind: 'missing' };

/**
 * Finds the built editor (`musubi start` builds it first when missing or stale, see
 * editor-build.ts). Without a bundle the server shows a small page saying it runs.
 */
export function ensureEditorBuilt(options: { dir?: string } = {}): EditorBundle {
  const dir = options.dir ?? EDITOR_DIST;
  return fs.existsSync(path.join(dir, 'index.html')) ? { kind: 'built', dir } : { kind: 'missing' };
}

/** Paths the editor never answers: APIs and public endpoints keep their own 404s. */
const NOT_EDITOR = /^\/(api|webhook|s|chat|integrations|healthz|readyz|metrics)(\/|$)/;

function wantsPage(req: Request): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    !NOT_EDITOR.test(req.path) &&
    req.accepts('html') === 'html'
  );
}

/**
 * Serves the editor: its static files, and index.html for any other page path (client-side
 * routing). Mounted as middleware, not routes, so the OpenAPI route check does not see it.
 */
export function serveEditor(app: Express, bundle: EditorBundle): void {
  if (bundle.kind === 'built') {
    app.use(express.static(bundle.dir, { index: false, maxAge: '1h' }));
    const indexFile = path.join(bundle.dir, 'index.html');
    app.use((req, res, next) => {
      if (!wantsPage(req)) return next();
      res.set('Cache-Control', 'no-cache').sendFile(indexFile);
    });
    return;
  }
  app.use((req, res, next) => {
    if (req.path !== '/' || !wantsPage(req)) return next();
    res.type('html').send(placeholderPage(req.acceptsLanguages('ja', 'en') === 'en' ? 'en' : 'ja'));
  });
}
