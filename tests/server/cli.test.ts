import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/musubi.js');
const fixture = (name: string) => join(root, 'tests/fixtures', name);
let scratch: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, with only the given locale variables set. */
function musubi(
  args: string[],
  options: { lang?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.MUSUBI_DEBUG;
  env.LANG = options.lang ?? 'ja_JP.UTF-8';
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function expectNoStackTrace(result: CliResult): void {
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'musubi-cli-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('musubi validate', () => {
  it('lists every problem of broken.json with node labels, in Japanese', async () => {
    const result = await musubi(['validate', fixture('broken.json')]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const line = (text: string) => lines.find((l) => l.includes(text)) ?? '';
    expect(line('bot.mesage')).toContain('あいさつ (greet)');
    expect(line('bot.mesage')).toContain('「bot.message」のことですか？');
    expect(line('urll')).toContain('在庫を調べる (call_api)');
    expect(line('urll')).toContain('「url」の書き間違いではありませんか？');
    expect(line('/sourceHandle')).toContain('ご用件 (menu)');
    expect(line('/sourceHandle')).toContain('分岐「その他」はありません');
    expect(line('deleted_node')).toContain('接続先のノード「deleted_node」がありません');
    expect(line('vars.emial')).toMatch(/^警告 +お礼 \(thanks\) +\/nodes\/5\/config\/text/);
    expect(line('vars.emial')).toContain('「vars.email」のことですか？');
    expect(line('迷子')).toContain('どのトリガーからもつながっていない');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('エラー 5 件、警告 2 件');
  });

  it('speaks English in an English locale', async () => {
    const result = await musubi(['validate', fixture('broken.json')], { lang: 'en_US.UTF-8' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'error    あいさつ (greet)  /nodes/1/type  There is no node type "bot.mesage". Did you mean "bot.message"?',
    );
    expect(result.stdout).toContain('Unknown setting "urll" — did you mean "url"?');
    expect(result.stdout).toContain(
      'has no branch "その他". Its branches are "資料請求", "デモ予約", "other".',
    );
    expect(result.stdout).toContain('This edge leads to node "deleted_node", which does not exist');
    expect(result.stdout).toContain('Did you mean "vars.email"?');
    expect(result.stdout).toContain('5 errors, 2 warnings');
  });

  it('lets --lang win over the locale', async () => {
    const result = await musubi(['validate', '--lang', 'en', fixture('broken.json')], {
      lang: 'ja_JP.UTF-8',
    });
    expect(result.stdout).toContain('5 errors, 2 warnings');
  });

  it('prints the problem list as JSON with --json', async () => {
    const result = await musubi(['validate', fixture('broken.json'), '--json']);
    expect(result.code).toBe(1);
    const problems = JSON.parse(result.stdout);
    expect(problems.map((p: { code: string; nodeId?: string }) => `${p.code}:${p.nodeId}`)).toEqual([
      'unknown_node_type:greet',
      'config_missing:call_api',
      'config_unknown_key:call_api',
      'unknown_branch:menu',
      'dangling_edge:menu',
      'unreachable_node:orphan',
      'template_unknown_variable:thanks',
    ]);
    expect(problems[0].message.ja).toContain('bot.message');
  });

  it('exits 0 on a valid workflow', async () => {
    const result = await musubi(['validate', fixture('bot-lead-capture.json')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('問題はありません。');
  });

  it('names the file, line and column of a JSON syntax error, without a stack trace', async () => {
    const file = join(scratch, 'typo.json');
    await writeFile(file, '{\n  "schemaVersion": 1,\n  "name": "x"\n  "nodes": []\n}\n');
    const ja = await musubi(['validate', file]);
    expect(ja.code).toBe(1);
    expect(ja.stdout).toBe('');
    expect(ja.stderr.trim()).toBe(
      `ワークフローのファイル「${file}」は JSON として読めません (4 行 3 列目): 「,」か「}」がありません (前の行の末尾にカンマを忘れていませんか？)。`,
    );
    expectNoStackTrace(ja);
    const en = await musubi(['validate', file], { lang: 'en_US.UTF-8' });
    expect(en.stderr).toContain(`The workflow file "${file}" is not valid JSON (line 4, column 3)`);
  });

  it('explains a trailing comma', async () => {
    const file = join(scratch, 'comma.json');
    await writeFile(file, '{\n  "a": [1, 2,],\n}');
    const result = await musubi(['validate', file], { lang: 'en_US.UTF-8' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(line 2, column 14): remove the "," before this');
  });

  it('says a missing file is missing', async () => {
    const result = await musubi(['validate', 'no-such-file.json']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'ファイル「no-such-file.json」が見つかりません。パスを確かめてください。',
    );
    expectNoStackTrace(result);
  });

  it('says JSON that is not a workflow is not one', async () => {
    const file = join(scratch, 'list.json');
    await writeFile(file, '[1, 2, 3]');
    const result = await musubi(['validate', file], { lang: 'en_US.UTF-8' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('This is not a workflow: it must be a JSON object');
  });
});

describe('musubi (dispatch)', () => {
  it('prints the usage and exits 1 on an unknown command', async () => {
    const result = await musubi(['frobnicate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('コマンド「frobnicate」はありません。');
    expect(result.stderr).toContain('使い方: musubi <コマンド> [引数]');
    expect(result.stderr).toMatch(/validate +ワークフローのファイルを検査する/);
  });

  it('refuses an unknown option with the command usage', async () => {
    const result = await musubi(['validate', '--jsn', fixture('broken.json')], { lang: 'en_US.UTF-8' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'There is no option "--jsn". Usage: musubi validate <workflow.json> [--json] [--lang ja|en]',
    );
  });

  it("names a setting that cannot work and its fix, in the user's language, without a stack trace", async () => {
    const env = { MUSUBI_QUEUE: 'pgboss', MUSUBI_DATA_DIR: join(scratch, 'data'), DATABASE_URL: '' };
    const ja = await musubi(['migrate', '--status'], { env });
    expect(ja.code).toBe(1);
    expect(ja.stderr).toContain('設定を確認してください: MUSUBI_QUEUE: pgboss には PostgreSQL が必要です');
    expectNoStackTrace(ja);
    const en = await musubi(['migrate', '--status'], { env, lang: 'en_US.UTF-8' });
    expect(en.stderr).toContain('Check the configuration: MUSUBI_QUEUE: pgboss needs PostgreSQL.');
  });

  it('works from any directory', async () => {
    const result = await musubi(['validate', fixture('linear-set.json'), '--lang', 'en'], { cwd: scratch });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('No problems found.');
  });
});

describe('musubi run', () => {
  it('runs the lead-capture bot with answers: re-asks after a bad e-mail, follows the chosen branch', async () => {
    const result = await musubi([
      'run',
      fixture('bot-lead-capture.json'),
      '--answers',
      fixture('bot-answers.json'),
    ]);
    expect(result.code).toBe(0);
    const { run, transcript, mail, notes } = JSON.parse(result.stdout);
    expect(run.status).toBe('succeeded');
    expect(run.vars).toEqual({ email: 'taro@example.jp', topic: '資料請求' });
    const said = transcript.map((t: { from: string; text: string }) => `${t.from}: ${t.text}`);
    const badAnswer = said.indexOf('visitor: taro@example');
    expect(badAnswer).toBeGreaterThan(0);
    expect(said[badAnswer + 1]).toMatch(/^bot: メールアドレスの形式が正しくないようです/);
    expect(said[badAnswer + 2]).toBe('visitor: taro@example.jp');
    expect(said).toContain('bot: ありがとうございます。資料を taro@example.jp にお送りしました。');
    expect(said.at(-1)).toBe('bot: ご利用ありがとうございました。');
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ to: ['taro@example.jp'], subject: 'Musubi 資料のご案内' });
    expect(notes).toEqual([]);
    expect(result.stderr).toContain('実行が成功しました');
  });

  it('reads answers from a text file, one per line', async () => {
    const answers = join(scratch, 'answers.txt');
    await writeFile(answers, 'hanako@example.jp\r\n\r\nデモ予約\r\n');
    const result = await musubi(['run', fixture('bot-lead-capture.json'), '--answers', answers]);
    expect(result.code).toBe(0);
    const { transcript, mail } = JSON.parse(result.stdout);
    expect(transcript.map((t: { text: string }) => t.text)).toContain(
      'デモのご予約ですね。担当者から hanako@example.jp に候補日をお送りします。',
    );
    expect(mail[0]).toMatchObject({ to: ['sales@example.jp'], subject: 'デモ予約: hanako@example.jp' });
  });

  it('stops with exit code 2 when the answers run out, saying where it waits', async () => {
    const answers = join(scratch, 'short.json');
    await writeFile(answers, JSON.stringify(['taro@example.jp']));
    const result = await musubi([
      'run',
      fixture('bot-lead-capture.json'),
      '--answers',
      answers,
      '--lang',
      'en',
    ]);
    expect(result.code).toBe(2);
    const { run, notes } = JSON.parse(result.stdout);
    expect(run.status).toBe('waiting');
    expect(run.waiting.nodeId).toBe('menu');
    expect(notes).toEqual([
      `"ご用件" (menu) is waiting for the visitor's reply, but there are no replies left. Add replies to the --answers file.`,
    ]);
  });

  it('stops at the first question without any answers', async () => {
    const result = await musubi(['run', fixture('bot-lead-capture.json')]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).run.waiting.nodeId).toBe('ask_email');
  });

  it('passes --input to the trigger', async () => {
    const input = join(scratch, 'input.json');
    await writeFile(input, JSON.stringify({ name: 'Hanako' }));
    const result = await musubi(['run', fixture('linear-set.json'), '--input', input]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).run.vars.message).toBe('Hello, Hanako (3)');
  });

  it('exits 1 when the run fails, saying why', async () => {
    const file = join(scratch, 'fails.json');
    const workflow = JSON.parse(await readFile(fixture('linear-set.json'), 'utf8'));
    workflow.nodes.push({
      id: 'halt',
      type: 'logic.stop',
      typeVersion: 1,
      position: { x: 0, y: 480 },
      label: 'Halt',
      config: { status: 'failed', message: 'count was {{ vars.count }}' },
    });
    workflow.edges.push({ id: 'e-halt', source: 'set_message', sourceHandle: 'next', target: 'halt' });
    await writeFile(file, JSON.stringify(workflow));
    const result = await musubi(['run', file, '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).run).toMatchObject({ status: 'failed', error: { nodeId: 'halt' } });
    expect(result.stderr.trim()).toBe('The run failed: count was 3 (halt) (5 steps)');
  });

  it('refuses to run a workflow with errors, printing them', async () => {
    const result = await musubi(['run', fixture('broken.json')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('「bot.message」のことですか？');
    expect(result.stderr).toContain('エラー 5 件、警告 2 件');
  });

  it('refuses an answers file that is not a list of strings', async () => {
    const answers = join(scratch, 'numbers.json');
    await writeFile(answers, '[1, 2]');
    const result = await musubi(['run', fixture('bot-lead-capture.json'), '--answers', answers]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('は文字列の配列にしてください (1 番目が文字列ではありません)');
    expectNoStackTrace(result);
  });

  it('names the trigger nodes when --trigger is not one', async () => {
    const result = await musubi(['run', fixture('fan-out.json'), '--trigger', 'a', '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('The node "a" is not a trigger. Trigger nodes: start');
  });
});
