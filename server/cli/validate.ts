import { summarizeProblems } from '../../runtime/engine/validate-graph';
import { createDefaultRegistry } from '../../nodes/index';
import { onePositional, parseCommandArgs, type CliCommand } from './support/command';
import { countErrors, loadWorkflow } from './support/workflow';

/** `musubi validate <workflow.json> [--json]`: every problem of a workflow file, exit 1 on errors. */
export const command: CliCommand = {
  name: 'validate',
  summary: { ja: 'ワークフローのファイルを検査する', en: 'Check a workflow file' },
  usage: 'musubi validate <workflow.json> [--json] [--lang ja|en]',
  details: {
    ja: [
      '--json        問題の一覧を JSON で出力する',
      '--lang ja|en  メッセージの言語 (既定: LC_ALL / LC_MESSAGES / LANG)',
      'エラーがなければ終了コード 0 (警告は表示するだけ)、エラーがあれば 1。',
    ].join('\n'),
    en: [
      '--json        print the problem list as JSON',
      '--lang ja|en  language of the messages (default: LC_ALL / LC_MESSAGES / LANG)',
      'Exit code 0 when there are no errors (warnings are only shown), 1 otherwise.',
    ].join('\n'),
  },
  async run(ctx) {
    const { values, positionals } = parseCommandArgs({
      command,
      args: ctx.args,
      options: { json: { type: 'boolean' } },
    });
    const file = onePositional(command, positionals, { ja: 'ワークフローのファイル', en: 'a workflow file' });
    const { problems } = await loadWorkflow({ file, cwd: ctx.cwd, registry: createDefaultRegistry() });
    if (values.json === true) ctx.stdout(JSON.stringify(problems, null, 2));
    else ctx.stdout(`${file}\n${summarizeProblems(problems, ctx.lang)}`);
    return countErrors(problems) > 0 ? 1 : 0;
  },
};
