import { CliError } from './command';
import { parseJsonText, readTextFile } from './files';

/**
 * The visitor's replies for `musubi run --answers`: a JSON array of strings, or plain text with one
 * reply per line (blank lines skipped). A file that starts with `[` is read as JSON, so a broken
 * array is reported rather than sent line by line.
 */
export async function readAnswers(options: { file: string; cwd: string }): Promise<string[]> {
  const text = await readTextFile(options);
  if (!text.trimStart().startsWith('[')) {
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  }
  const value = parseJsonText({
    text,
    file: options.file,
    what: { ja: '返事のファイル', en: 'answers file' },
  });
  const items: readonly unknown[] = Array.isArray(value) ? value : [];
  const strings = items.filter((item): item is string => typeof item === 'string');
  if (strings.length !== items.length) {
    const bad = items.findIndex((item) => typeof item !== 'string');
    throw new CliError({
      ja: `返事のファイル「${options.file}」は文字列の配列にしてください (${bad + 1} 番目が文字列ではありません)。例: ["taro@example.jp", "資料請求"]`,
      en: `The answers file "${options.file}" must be an array of strings (item ${bad + 1} is not a string). Example: ["taro@example.jp", "Brochure"]`,
    });
  }
  return strings;
}
