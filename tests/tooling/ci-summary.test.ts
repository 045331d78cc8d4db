import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const summaryScript = join(repo, '.ci/summary.mjs');
const work = mkdtempSync(join(tmpdir(), 'musubi-ci-summary-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs .ci/summary.mjs the way .ci/run does; returns its last line and exit code. */
function summarize(report: unknown, npmExit = 0): { lastLine: string; exitCode: number | null } {
  const file = join(work, `results-${Math.random().toString(36).slice(2)}.json`);
  if (report !== undefined) writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  const result = spawnSync(process.execPath, [summaryScript, file, '--npm-exit', String(npmExit)], {
    encoding: 'utf8',
  });
  const lines = result.stdout.trimEnd().split('\n');
  return { lastLine: lines[lines.length - 1] ?? '', exitCode: result.status };
}

function report(counts: { passed: number; failed?: number; pending?: number; todo?: number }): unknown {
  return {
    numTotalTests: counts.passed + (counts.failed ?? 0) + (counts.pending ?? 0) + (counts.todo ?? 0),
    numPassedTests: counts.passed,
    numFailedTests: counts.failed ?? 0,
    numPendingTests: counts.pending ?? 0,
    numTodoTests: counts.todo ?? 0,
    success: (counts.failed ?? 0) === 0,
    testResults: [],
  };
}

describe('.ci/summary.mjs', () => {
  it('prints "N passed, 0 failed" and succeeds when everything passed', () => {
    expect(summarize(report({ passed: 12 }))).toEqual({ lastLine: '12 passed, 0 failed', exitCode: 0 });
  });

  it('counts failed tests and fails', () => {
    expect(summarize(report({ passed: 10, failed: 2 }), 1)).toEqual({
      lastLine: '10 passed, 2 failed',
      exitCode: 1,
    });
  });

  it('appends skipped (pending + todo) only when there are skips, and fails on a skip', () => {
    expect(summarize(report({ passed: 10, pending: 1, todo: 1 }))).toEqual({
      lastLine: '10 passed, 0 failed, 2 skipped',
      exitCode: 1,
    });
  });

  it('reports "0 passed, 1 failed" when the results file is missing', () => {
    expect(summarize(undefined, 1)).toEqual({ lastLine: '0 passed, 1 failed', exitCode: 1 });
  });

  it('reports "0 passed, 1 failed" when the results file is not JSON', () => {
    expect(summarize('{ truncated', 1)).toEqual({ lastLine: '0 passed, 1 failed', exitCode: 1 });
  });

  it('counts a failed check (lint, typecheck …) as a failure even when every test passed', () => {
    expect(summarize(report({ passed: 5 }), 2)).toEqual({ lastLine: '5 passed, 1 failed', exitCode: 1 });
  });

  it('counts a test file that failed to load as a failure', () => {
    const broken = {
      ...(report({ passed: 3 }) as object),
      numFailedTestSuites: 1,
      testResults: [
        { name: '/repo/tests/a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
        {
          name: '/repo/tests/b.test.ts',
          status: 'failed',
          message: 'Cannot find module',
          assertionResults: [],
        },
      ],
    };
    expect(summarize(broken, 1)).toEqual({ lastLine: '3 passed, 1 failed', exitCode: 1 });
  });

  it('reads the JSON report vitest really writes (pass, fail, skip, todo)', () => {
    const project = join(work, 'project');
    const resultsFile = join(project, 'results.json');
    mkdirSync(join(project, 'tests'), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'));
    writeFileSync(join(project, 'vitest.config.mjs'), 'export default {};\n');
    writeFileSync(
      join(project, 'tests/sample.test.mjs'),
      [
        "import { it, expect } from 'vitest';",
        "it('passes', () => expect(1).toBe(1));",
        "it('passes too', () => expect(2).toBe(2));",
        "it('fails', () => expect(1).toBe(2));",
        "it.skip('is skipped', () => {});",
        "it.todo('is to do');",
      ].join('\n'),
    );
    const run = spawnSync(
      process.execPath,
      [
        join(repo, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        project,
        '--reporter=json',
        `--outputFile=${resultsFile}`,
      ],
      { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(run.status).toBe(1);
    const result = spawnSync(process.execPath, [summaryScript, resultsFile, '--npm-exit', '1'], {
      encoding: 'utf8',
    });
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed, 2 skipped');
    expect(result.status).toBe(1);
  });
});
