import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzipped size of a built file, in bytes. */
export function gzippedSize(file: string): number {
  return gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** The gzipped size of the JavaScript files the browser fetched, by the URL paths it fetched. */
export function sizeOfFetched(o: { distDir: string; paths: Iterable<string> }): {
  files: { file: string; gzip: number }[];
  total: number;
} {
  const files = [...new Set(o.paths)]
    .filter((p) => p.endsWith('.js'))
    .map((p) => ({ file: p, gzip: gzippedSize(path.join(o.distDir, p)) }))
    .sort((a, b) => b.gzip - a.gzip);
  return { files, total: files.reduce((sum, f) => sum + f.gzip, 0) };
}

/** Every JavaScript chunk in the build with its gzipped size. */
export function allChunks(distDir: string): { file: string; gzip: number }[] {
  const assets = path.join(distDir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: `/assets/${f}`, gzip: gzippedSize(path.join(assets, f)) }))
    .sort((a, b) => b.gzip - a.gzip);
}
