#!/usr/bin/env node
// Turns vitest's JSON report into CI's last line: `N passed, N failed` (`, N skipped` when there are skips).
//
//   node .ci/summary.mjs [results.json] [--npm-exit <code>]
//
// Exit code 0 only when every test ran and passed: a failure, a skip, a missing or unreadable report,
// or a non-zero exit of `npm test` (format, lint, dependency rule, typecheck) all fail CI.
import { readFileSync } from 'node:fs';

/**
 * Counts a vitest JSON report. A test file that failed to load has no failed test in it, only a failed
 * file result: it counts as one failure so that it cannot vanish from the line.
 * @param {unknown} report parsed .vitest-results.json
 * @returns {{ passed: number, failed: number, skipped: number }}
 */
function countResults(report) {
  const record = isRecord(report) ? report : {};
  const count = (key) => (typeof record[key] === 'number' ? record[key] : 0);
  const files = Array.isArray(record.testResults) ? record.testResults : [];
  const brokenFiles = files.filter(
    (file) =>
      isRecord(file) &&
      file.status === 'failed' &&
      !(Array.isArray(file.assertionResults) && file.assertionResults.some((t) => t?.status === 'failed')),
  ).length;
  return {
    passed: count('numPassedTests'),
    failed: count('numFailedTests') + brokenFiles,
    skipped: count('numPendingTests') + count('numTodoTests'),
  };
}

/**
 * The verdict for CI: the plain line to print last, any notes to print before it, and the exit code.
 * @param {{ reportText: string | undefined, npmExitCode: number }} options
 */
function summarize({ reportText, npmExitCode }) {
  const notes = [];
  if (reportText === undefined) {
    notes.push('No test results (.vitest-results.json is missing): npm test stopped before vitest ran.');
    return { notes, line: '0 passed, 1 failed', exitCode: 1 };
  }
  let report;
  try {
    report = JSON.parse(reportText);
  } catch {
    notes.push('The test results file is not valid JSON.');
    return { notes, line: '0 passed, 1 failed', exitCode: 1 };
  }
  const counts = countResults(report);
  if (npmExitCode !== 0 && counts.failed === 0) {
    // The tests passed but a check around them did not (or vitest reported an unhandled error).
    notes.push(`npm test exited with code ${npmExitCode} although no test failed: see the output above.`);
    counts.failed = 1;
  }
  if (counts.skipped > 0)
    notes.push(`${counts.skipped} test(s) skipped: CI provides every service, so a skip fails.`);
  const line =
    `${counts.passed} passed, ${counts.failed} failed` +
    (counts.skipped > 0 ? `, ${counts.skipped} skipped` : '');
  const exitCode = counts.failed > 0 || counts.skipped > 0 || npmExitCode !== 0 ? 1 : 0;
  return { notes, line, exitCode };
}

function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseArgs(argv) {
  let file = '.vitest-results.json';
  let npmExitCode = 0;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--npm-exit') {
      npmExitCode = Number.parseInt(argv[i + 1] ?? '1', 10);
      if (Number.isNaN(npmExitCode)) npmExitCode = 1;
      i += 1;
    } else {
      file = argv[i];
    }
  }
  return { file, npmExitCode };
}

function readIfPresent(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const { file, npmExitCode } = parseArgs(process.argv.slice(2));
const { notes, line, exitCode } = summarize({ reportText: readIfPresent(file), npmExitCode });
for (const note of notes) console.log(note);
console.log(line);
process.exitCode = exitCode;
