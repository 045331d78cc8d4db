import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A miniature repository: each file either breaks one rule on purpose or is a legal import that
 * must stay unreported. Cruised with the real .dependency-cruiser.cjs.
 */
const FIXTURE: Record<string, string> = {
  'runtime/model/ok.ts': "import { Ajv } from 'ajv';\nexport const ajv = new Ajv();\n",
  'runtime/engine/uses-model.ts': "import { ajv } from '../model/ok';\nexport const a = ajv;\n",
  'runtime/express.ts': "import express from 'express';\nexport const e = express;\n",
  'runtime/http.ts': "import { request } from 'node:http';\nexport const r = request;\n",
  'runtime/timers.ts': "import { setTimeout as wait } from 'node:timers/promises';\nexport const w = wait;\n",
  'runtime/testing/sequelize.ts': "import { Sequelize } from 'sequelize';\nexport const s = Sequelize;\n",
  'runtime/reaches-up.ts': "import { n } from '../nodes/ok';\nexport const up = n;\n",
  'runtime/reaches-tests.ts': "import { t } from '../tests/helper';\nexport const up = t;\n",
  'runtime/cycle-a.ts': "import { b } from './cycle-b';\nexport const a = () => b;\n",
  'runtime/cycle-b.ts': "import { a } from './cycle-a';\nexport const b = () => a;\n",
  'nodes/ok.ts':
    "import { ajv } from '../runtime/model/ok';\nimport { Liquid } from 'liquidjs';\nexport const n = [ajv, Liquid];\n",
  'nodes/reaches-server.ts': "import { app } from '../server/app';\nexport const z = app;\n",
  'nodes/pg.ts': "import pg from 'pg';\nexport const p = pg;\n",
  'nodes/mail.ts': "import nodemailer from 'nodemailer';\nexport const m = nodemailer;\n",
  'server/app.ts':
    "import express from 'express';\nimport { n } from '../nodes/ok';\nexport const app = [express, n];\n",
  'server/reaches-editor.ts': "import { main } from '../editor/main';\nexport const m = main;\n",
  'server/typo.ts': "import { nothing } from './no-such-file';\nexport const t = nothing;\n",
  'editor/main.ts': 'export const main = 1;\n',
  'editor/types-only.ts': "import type { ajv } from '../runtime/model/ok';\nexport type A = typeof ajv;\n",
  'editor/value-from-runtime.ts': "import { ajv } from '../runtime/model/ok';\nexport const v = ajv;\n",
  'editor/value-from-nodes.ts': "import { n } from '../nodes/ok';\nexport const v = n;\n",
  'editor/reaches-server.ts': "import type { app } from '../server/app';\nexport type S = typeof app;\n",
  'tests/helper.ts': 'export const t = 1;\n',
};

/** `rule name: from-file` for every violation the fixture should produce, and nothing else. */
const EXPECTED = [
  'runtime-and-nodes-use-ports: runtime/express.ts',
  'runtime-and-nodes-use-ports: runtime/http.ts',
  'runtime-and-nodes-use-ports: runtime/timers.ts',
  'runtime-and-nodes-use-ports: runtime/testing/sequelize.ts',
  'runtime-and-nodes-use-ports: nodes/pg.ts',
  'runtime-and-nodes-use-ports: nodes/mail.ts',
  'runtime-imports-no-other-folder: runtime/reaches-up.ts',
  'runtime-imports-no-other-folder: runtime/reaches-tests.ts',
  'product-code-never-imports-tests-or-bench: runtime/reaches-tests.ts',
  'no-circular-runtime: runtime/cycle-a.ts',
  'nodes-import-only-runtime: nodes/reaches-server.ts',
  'server-never-imports-editor: server/reaches-editor.ts',
  'not-to-unresolvable: server/typo.ts',
  'editor-imports-only-types-from-runtime-and-nodes: editor/value-from-runtime.ts',
  'editor-imports-only-types-from-runtime-and-nodes: editor/value-from-nodes.ts',
  'editor-never-imports-server: editor/reaches-server.ts',
].sort();

let fixture = '';
let violations: string[] = [];

/** Runs depcruise inside the fixture exactly as `npm run deps:check` does, plus extra arguments. */
function cruise(extra: string[] = []): { status: number | null; stdout: string } {
  const cli = join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const config = join(repo, '.dependency-cruiser.cjs');
  const args = [cli, 'runtime', 'nodes', 'editor', 'server', '--config', config, ...extra];
  return spawnSync(process.execPath, args, { cwd: fixture, encoding: 'utf8' });
}

beforeAll(() => {
  fixture = mkdtempSync(join(tmpdir(), 'musubi-deps-'));
  for (const [path, source] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), source);
  }
  // Real packages resolve as in the repository; package.json decides what is declared.
  symlinkSync(join(repo, 'node_modules'), join(fixture, 'node_modules'));
  symlinkSync(join(repo, 'package.json'), join(fixture, 'package.json'));
  symlinkSync(join(repo, 'tsconfig.json'), join(fixture, 'tsconfig.json'));

  const result = JSON.parse(cruise(['--output-type', 'json']).stdout) as {
    summary: { violations: Array<{ from: string; rule: { name: string } }> };
  };
  violations = [...new Set(result.summary.violations.map((v) => `${v.rule.name}: ${v.from}`))].sort();
}, 60_000);

afterAll(() => {
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

describe('the dependency rule (.dependency-cruiser.cjs)', () => {
  it('reports each deliberate violation, and only those', () => {
    expect(violations).toEqual(EXPECTED);
  });

  it('fails the check (non-zero exit) and names runtime/ importing express', () => {
    const run = cruise();
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(
      /runtime-and-nodes-use-ports: runtime\/express\.ts → .*node_modules\/express\//,
    );
  });

  it('lets the editor import types from runtime/ and nodes/ import runtime/ and ordinary packages', () => {
    const legal = ['editor/types-only.ts', 'nodes/ok.ts', 'server/app.ts', 'runtime/engine/uses-model.ts'];
    for (const file of legal) expect(violations.filter((v) => v.endsWith(`: ${file}`))).toEqual([]);
  });
});
