import { NodeError } from '../runtime/model/errors';
import type { Language } from '../runtime/model/localized';
import { commandHelp, usageText } from './cli/help';
import { ConfigError } from './config';
import { CliError, type CliContext } from './cli/support/command';
import { languageFromEnv, takeLanguageOption } from './cli/support/language';
import { loadCommand } from './cli/support/registry';

/**
 * `musubi <command> …`: picks the language (--lang, else the locale), finds the command in
 * server/cli/<command>.ts and runs it. Returns the exit code; failures are one sentence in the
 * user's language, never a stack trace (set MUSUBI_DEBUG=1 to see one).
 */
export async function runCli(options: {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}): Promise<number> {
  const stdout = options.stdout ?? ((text: string) => process.stdout.write(`${text}\n`));
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(`${text}\n`));
  let lang: Language = languageFromEnv(options.env);
  try {
    const taken = takeLanguageOption({ args: options.argv, fallback: lang });
    lang = taken.lang;
    const [name, ...args] = taken.args;
    if (name === undefined) {
      stderr(await usageText(lang));
      return 1;
    }
    if (name === '--help' || name === '-h') {
      stdout(await usageText(lang));
      return 0;
    }
    const command = await loadCommand(name);
    if (!command) {
      stderr(lang === 'ja' ? `コマンド「${name}」はありません。\n` : `There is no command "${name}".\n`);
      stderr(await usageText(lang));
      return 1;
    }
    if (args.includes('--help') || args.includes('-h')) {
      stdout(commandHelp(command, lang));
      return 0;
    }
    const context: CliContext = { args, lang, cwd: options.cwd, env: options.env, stdout, stderr };
    return await command.run(context);
  } catch (error) {
    return reportFailure({ error, lang, env: options.env, stderr });
  }
}

function reportFailure(options: {
  error: unknown;
  lang: Language;
  env: NodeJS.ProcessEnv;
  stderr: (text: string) => void;
}): number {
  const { error, lang, stderr } = options;
  if (error instanceof CliError) {
    stderr(error.localized[lang]);
    return error.exitCode;
  }
  if (error instanceof NodeError && error.localized) {
    stderr(error.localized[lang]);
    return 1;
  }
  // A setting the operator can fix: say which and how, not "something unexpected".
  if (error instanceof ConfigError) {
    stderr(
      lang === 'ja'
        ? `設定を確認してください: ${error.localized.ja}`
        : `Check the configuration: ${error.localized.en}`,
    );
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr(
    lang === 'ja'
      ? `予期しないエラーが発生しました: ${message}\n(MUSUBI_DEBUG=1 を付けて実行すると詳細を表示します)`
      : `Something unexpected went wrong: ${message}\n(run with MUSUBI_DEBUG=1 to see the details)`,
  );
  if (options.env.MUSUBI_DEBUG && error instanceof Error && error.stack) stderr(error.stack);
  return 1;
}
