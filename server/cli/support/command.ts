import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Language, Localized } from '../../../runtime/model/localized';

/** What a command gets: its arguments (after the command name), the language, and where to write. */
export interface CliContext {
  args: string[];
  lang: Language;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * One `musubi <name>` command. Each lives in its own file in server/cli/ and exports it as
 * `command`; server/cli.ts finds them there, so adding a command touches no other file.
 */
export interface CliCommand {
  name: string;
  summary: Localized;
  /** The synopsis, e.g. `musubi validate <workflow.json> [--json]`. */
  usage: string;
  /** Longer help: the options, one per line. */
  details?: Localized;
  /** Returns the exit code. */
  run(ctx: CliContext): Promise<number>;
}

/** A failure to report in one sentence, without a stack trace. */
export class CliError extends Error {
  readonly localized: Localized;
  readonly exitCode: number;

  constructor(message: Localized, exitCode = 1) {
    super(message.en);
    this.name = 'CliError';
    this.localized = message;
    this.exitCode = exitCode;
  }
}

export function isCliCommand(value: unknown): value is CliCommand {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    typeof value.name === 'string' &&
    'run' in value &&
    typeof value.run === 'function' &&
    'usage' in value &&
    typeof value.usage === 'string'
  );
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs, strict, with its errors ("Unknown option '--jsn'") turned into CliErrors in
 * the user's language that show the command's usage.
 */
export function parseCommandArgs<O extends Options>(options: {
  command: CliCommand;
  args: string[];
  options: O;
}) {
  try {
    return parseArgs({ args: options.args, options: options.options, allowPositionals: true, strict: true });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const option = /'([^']+)'/.exec(text)?.[1] ?? '';
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const usage = options.command.usage;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new CliError({
        ja: `オプション「${option}」はありません。使い方: ${usage}`,
        en: `There is no option "${option}". Usage: ${usage}`,
      });
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new CliError({
        ja: `オプション「${option.split(' ')[0] ?? option}」に値がありません。使い方: ${usage}`,
        en: `The option "${option.split(' ')[0] ?? option}" needs a value. Usage: ${usage}`,
      });
    }
    throw new CliError({ ja: `引数が正しくありません: ${text}`, en: `Bad arguments: ${text}` });
  }
}

/** The single file argument a command takes, or a usage error. */
export function onePositional(command: CliCommand, positionals: string[], what: Localized): string {
  const [first, ...rest] = positionals;
  if (first === undefined) {
    throw new CliError({
      ja: `${what.ja}を指定してください。使い方: ${command.usage}`,
      en: `Give ${what.en}. Usage: ${command.usage}`,
    });
  }
  if (rest.length > 0) {
    throw new CliError({
      ja: `ファイルは 1 つだけ指定してください (余分な引数: ${rest.join(' ')})。使い方: ${command.usage}`,
      en: `Give one file only (extra arguments: ${rest.join(' ')}). Usage: ${command.usage}`,
    });
  }
  return first;
}
