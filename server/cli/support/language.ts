import { languageFromLocale, type Language } from '../../../runtime/model/localized';
import { CliError } from './command';

/**
 * The language of the terminal, the way POSIX picks the message locale: LC_ALL, then LC_MESSAGES,
 * then LANG (empty values do not count).
 */
export function languageFromEnv(env: NodeJS.ProcessEnv): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  // POSIX writes en_US.UTF-8; languageFromLocale expects a BCP 47 tag (en-US), where `_` breaks `\b`.
  return languageFromLocale(locale?.replace(/_/g, '-'));
}

/**
 * Takes `--lang ja|en` (or `--lang=en`) out of the arguments, wherever it is: it applies to every
 * command and wins over the environment.
 */
export function takeLanguageOption(options: { args: readonly string[]; fallback: Language }): {
  lang: Language;
  args: string[];
} {
  const rest: string[] = [];
  let lang = options.fallback;
  for (let i = 0; i < options.args.length; i++) {
    const arg = options.args[i] ?? '';
    if (arg === '--') {
      rest.push(...options.args.slice(i));
      break;
    }
    let value: string | undefined;
    if (arg === '--lang') value = options.args[++i];
    else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
    else {
      rest.push(arg);
      continue;
    }
    if (value !== 'ja' && value !== 'en') {
      throw new CliError({
        ja: `--lang には ja か en を指定してください (指定された値: ${value ?? 'なし'})。`,
        en: `--lang takes ja or en (got ${value ?? 'nothing'}).`,
      });
    }
    lang = value;
  }
  return { lang, args: rest };
}
