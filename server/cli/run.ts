import { isWorkflowDocument, summarizeProblems } from '../../runtime/engine/validate-graph';
import type { NodeRegistry } from '../../runtime/engine/registry';
import type { Language } from '../../runtime/model/localized';
import type { RunState } from '../../runtime/model/run';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import type { Logger } from '../../runtime/ports/logger';
import { createDefaultRegistry } from '../../nodes/index';
import { createFetchHttp } from '../adapters/http-fetch';
import { systemClock } from '../adapters/system-clock';
import {
  CliError,
  onePositional,
  parseCommandArgs,
  type CliCommand,
  type CliContext,
} from './support/command';
import { readAnswers } from './support/answers';
import { readJsonFile } from './support/files';
import { simulateRun } from './support/simulate';
import { countErrors, loadWorkflow } from './support/workflow';

/** Exit code of a run still waiting for something the CLI could not give it. */
const EXIT_WAITING = 2;

/**
 * `musubi run <workflow.json>`: validates, then runs the workflow in this process (chat and mail
 * in memory, real HTTP, simulated time) and prints `{ run, transcript, mail, notes }` as JSON.
 */
export const command: CliCommand = {
  name: 'run',
  summary: { ja: 'ワークフローをこの場で実行する', en: 'Run a workflow here and now' },
  usage:
    'musubi run <workflow.json> [--input <file.json>] [--answers <file>] [--trigger <nodeId>] [--lang ja|en]',
  details: {
    ja: [
      '--input <file.json>  トリガーに渡す入力データ (JSON)',
      '--answers <file>     ボットへの返事: 文字列の JSON 配列か、1 行に 1 つの返事を書いたテキスト',
      '--trigger <nodeId>   開始するトリガーノード (既定: 最初のトリガー)',
      'チャットとメールはメモリ上、HTTP は実際に送信、時間待ちはすぐに再開します。',
      '結果を JSON で出力します。終了コード: 成功 0、失敗 1、返事が足りず待機中 2。',
    ].join('\n'),
    en: [
      '--input <file.json>  input data for the trigger (JSON)',
      '--answers <file>     replies to the bot: a JSON array of strings, or text with one reply per line',
      '--trigger <nodeId>   the trigger node to start from (default: the first trigger)',
      'Chat and mail stay in memory, HTTP requests are really sent, waits for a time resume at once.',
      'Prints the result as JSON. Exit code: 0 succeeded, 1 failed, 2 still waiting for replies.',
    ].join('\n'),
  },
  async run(ctx) {
    const { values, positionals } = parseCommandArgs({
      command,
      args: ctx.args,
      options: {
        input: { type: 'string' },
        answers: { type: 'string' },
        trigger: { type: 'string' },
      },
    });
    const file = onePositional(command, positionals, { ja: 'ワークフローのファイル', en: 'a workflow file' });
    const registry = createDefaultRegistry();
    const { doc, problems } = await loadWorkflow({ file, cwd: ctx.cwd, registry });
    if (countErrors(problems) > 0 || !isWorkflowDocument(doc)) {
      ctx.stderr(`${file}\n${summarizeProblems(problems, ctx.lang)}`);
      return 1;
    }
    if (problems.length > 0) ctx.stderr(`${file}\n${summarizeProblems(problems, ctx.lang)}`);

    const payload =
      values.input === undefined
        ? {}
        : await readJsonFile({
            file: values.input,
            cwd: ctx.cwd,
            what: { ja: '入力データのファイル', en: 'input file' },
          });
    const answers =
      values.answers === undefined ? [] : await readAnswers({ file: values.answers, cwd: ctx.cwd });
    const triggerNodeId = values.trigger;
    if (triggerNodeId !== undefined) checkTrigger({ workflow: doc, registry, triggerNodeId });

    const result = await simulateRun({
      workflow: doc,
      registry,
      ports: {
        clock: systemClock,
        http: createFetchHttp(),
        logger: stderrLogger(ctx),
      },
      payload,
      answers,
      lang: ctx.lang,
      ...(triggerNodeId === undefined ? {} : { triggerNodeId }),
    });
    ctx.stdout(JSON.stringify(result, null, 2));
    ctx.stderr(statusLine(result.run, ctx.lang));
    if (result.run.status === 'succeeded') return 0;
    return result.run.status === 'waiting' ? EXIT_WAITING : 1;
  },
};

function checkTrigger(options: {
  workflow: WorkflowDocument;
  registry: NodeRegistry;
  triggerNodeId: string;
}): void {
  const { workflow, registry, triggerNodeId } = options;
  const triggers = workflow.nodes
    .filter((node) => registry.get(node.type)?.trigger !== undefined)
    .map((n) => n.id);
  if (triggers.includes(triggerNodeId)) return;
  const list = triggers.join(', ');
  const exists = workflow.nodes.some((node) => node.id === triggerNodeId);
  throw new CliError(
    exists
      ? {
          ja: `ノード「${triggerNodeId}」はトリガーではありません。トリガーのノード: ${list}`,
          en: `The node "${triggerNodeId}" is not a trigger. Trigger nodes: ${list}`,
        }
      : {
          ja: `ノード「${triggerNodeId}」はワークフローにありません。トリガーのノード: ${list}`,
          en: `The workflow has no node "${triggerNodeId}". Trigger nodes: ${list}`,
        },
  );
}

function statusLine(run: RunState, lang: Language): string {
  const steps = run.steps.length;
  const error = run.error;
  const text = error ? (error.localized?.[lang] ?? error.message) : '';
  const reason = error ? `: ${text}${error.nodeId ? ` (${error.nodeId})` : ''}` : '';
  const words: Record<string, { ja: string; en: string }> = {
    succeeded: { ja: '実行が成功しました', en: 'The run succeeded' },
    failed: { ja: `実行が失敗しました${reason}`, en: `The run failed${reason}` },
    waiting: { ja: '実行は待機中のまま止まっています', en: 'The run is still waiting' },
  };
  const word = words[run.status] ?? { ja: `実行の状態: ${run.status}`, en: `Run status: ${run.status}` };
  return lang === 'ja' ? `${word.ja} (${steps} ステップ)` : `${word.en} (${steps} steps)`;
}

/** Nodes' warnings and errors go to stderr, so stdout stays one JSON document. */
function stderrLogger(ctx: CliContext): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void =>
    ctx.stderr(`[${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    debug() {},
    info() {},
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
