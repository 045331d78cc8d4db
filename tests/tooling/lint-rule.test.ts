import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// The real eslint.config.js, minus type information: the probe files below exist only in memory,
// and the rules under test (imports, globals, eval) do not need types.
const eslint = new ESLint({
  cwd: repo,
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

/** The rule ids ESLint reports for `source` as if it lived at `path` in the repository. */
async function rulesBroken(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${repo}/${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('eslint.config.js: the dependency rule per import', () => {
  it('refuses express, node:http, timers and React Flow in runtime/', async () => {
    const source = [
      "import express from 'express';",
      "import { request } from 'node:http';",
      "import { setTimeout as wait } from 'node:timers/promises';",
      "import { ReactFlow } from '@xyflow/react';",
      'export const all = [express, request, wait, ReactFlow];',
    ].join('\n');
    expect(await rulesBroken('runtime/engine/probe.ts', source)).toEqual(
      Array(4).fill('no-restricted-imports'),
    );
  });

  it('refuses fetch and timers in nodes/ and runtime/testing/, also through globalThis', async () => {
    const source = [
      "export const a = fetch('https://example.com');",
      'export const b = setTimeout(() => undefined, 10);',
      'export const c = globalThis.setInterval(() => undefined, 10);',
    ].join('\n');
    const expected = ['no-restricted-globals', 'no-restricted-globals', 'no-restricted-properties'];
    expect(await rulesBroken('nodes/crm/probe.ts', source)).toEqual(expected);
    expect(await rulesBroken('runtime/testing/probe.ts', source)).toEqual(expected);
  });

  it('refuses reading the wall clock in runtime/ and nodes/ (Date.now, new Date())', async () => {
    const source = [
      'export const a = Date.now();',
      'export const b = new Date();',
      'export const c = performance.now();',
      "export const d = new Date('2025-01-01T00:00:00Z');",
    ].join('\n');
    expect(await rulesBroken('nodes/logic/probe.ts', source)).toEqual([
      'no-restricted-properties',
      'no-restricted-syntax',
      'no-restricted-properties',
    ]);
  });

  it('names the Clock port in the message', async () => {
    const [result] = await eslint.lintText('export const t = setTimeout(() => undefined, 1);\n', {
      filePath: `${repo}/runtime/probe.ts`,
    });
    expect(result?.messages[0]?.message).toContain('use a port / the Clock port');
  });

  it('keeps nodes/ away from server/', async () => {
    const source = "import { x } from '../../server/app';\nexport const y = x;\n";
    expect(await rulesBroken('nodes/crm/probe.ts', source)).toEqual(['no-restricted-imports']);
  });

  it('lets server/ and tests/ use express and timers', async () => {
    const source = "import express from 'express';\nexport const t = setTimeout(() => express, 1);\n";
    expect(await rulesBroken('server/probe.ts', source)).toEqual([]);
    expect(await rulesBroken('tests/server/probe.test.ts', source)).toEqual([]);
  });
});

describe('eslint.config.js: code quality', () => {
  it('refuses eval and new Function everywhere', async () => {
    const source = [
      "export const a: unknown = eval('1');",
      "export const b = new Function('return 1');",
    ].join('\n');
    expect(await rulesBroken('server/probe.ts', source)).toEqual(['no-eval', 'no-new-func']);
  });

  it('refuses any and value imports used only as types', async () => {
    const source = [
      "import { Ajv } from 'ajv';",
      'export function f(x: any, y: Ajv): unknown {',
      '  return [x, y];',
      '}',
    ].join('\n');
    expect((await rulesBroken('runtime/probe.ts', source)).sort()).toEqual([
      '@typescript-eslint/consistent-type-imports',
      '@typescript-eslint/no-explicit-any',
    ]);
  });

  it('refuses `as` casts in product code but allows `as const` and casts in tests', async () => {
    const source = "export const a = JSON.parse('1') as number;\nexport const b = [1] as const;\n";
    expect(await rulesBroken('server/probe.ts', source)).toEqual([
      '@typescript-eslint/consistent-type-assertions',
    ]);
    expect(await rulesBroken('tests/probe.test.ts', source)).toEqual([]);
  });
});
