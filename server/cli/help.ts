import { CliError, type CliCommand } from './support/command';
import { listCommands, loadCommand } from './support/registry';

/** `musubi help [command]`: the commands, or one command's options. */
export const command: CliCommand = {
  name: 'help',
  summary: { ja: '使い方を表示する', en: 'Show how to use a command' },
  usage: 'musubi help [command]',
  async run(ctx) {
    const [name] = ctx.args;
    if (name === undefined) {
      ctx.stdout(await usageText(ctx.lang));
      return 0;
    }
    const found = await loadCommand(name);
    if (!found) {
      throw new CliError({ ja: `コマンド「${name}」はありません。`, en: `There is no command "${name}".` });
    }
    ctx.stdout(commandHelp(found, ctx.lang));
    return 0;
  },
};

/** One command's synopsis, summary and options. */
export function commandHelp(found: CliCommand, lang: 'ja' | 'en'): string {
  const lines = [`${found.usage}`, '', `  ${found.summary[lang]}`];
  if (found.details) lines.push('', ...found.details[lang].split('\n').map((line) => `  ${line}`));
  return lines.join('\n');
}

/** Every command with its summary, as `musubi` alone or `musubi help` prints them. */
export async function usageText(lang: 'ja' | 'en'): Promise<string> {
  const commands = await listCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    lang === 'ja' ? '使い方: musubi <コマンド> [引数]' : 'Usage: musubi <command> [arguments]',
    '',
    lang === 'ja' ? 'コマンド:' : 'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary[lang]}`),
    '',
    lang === 'ja'
      ? '各コマンドの詳細: musubi help <コマンド>   言語: --lang ja|en'
      : 'Details of a command: musubi help <command>   Language: --lang ja|en',
  ];
  return lines.join('\n');
}
