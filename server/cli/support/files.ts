import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Localized } from '../../../runtime/model/localized';
import { CliError } from './command';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax';

/** Reads a text file named on the command line; a missing or unreadable file is one clear sentence. */
export async function readTextFile(options: { file: string; cwd: string }): Promise<string> {
  const { file } = options;
  try {
    // A byte order mark (Windows Notepad) is not part of the text.
    return (await readFile(resolve(options.cwd, file), 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') {
      throw new CliError({
        ja: `ファイル「${file}」が見つかりません。パスを確かめてください。`,
        en: `The file "${file}" was not found. Check the path.`,
      });
    }
    if (code === 'EISDIR') {
      throw new CliError({
        ja: `「${file}」はフォルダーです。ファイルを指定してください。`,
        en: `"${file}" is a folder. Give a file.`,
      });
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new CliError({
        ja: `ファイル「${file}」を読む権限がありません。`,
        en: `No permission to read the file "${file}".`,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError({
      ja: `ファイル「${file}」を読めません: ${reason}`,
      en: `Could not read the file "${file}": ${reason}`,
    });
  }
}

/** Parses JSON text from `file`; a syntax error names the file, the line and the column. */
export function parseJsonText(options: { text: string; file: string; what: Localized }): unknown {
  const { text, file, what } = options;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (found) {
      throw new CliError({
        ja: `${what.ja}「${file}」は JSON として読めません (${found.line} 行 ${found.column} 列目): ${found.reason.ja}。`,
        en: `The ${what.en} "${file}" is not valid JSON (line ${found.line}, column ${found.column}): ${found.reason.en}.`,
      });
    }
    // The scanner and JSON.parse disagree (should not happen): fall back to JSON.parse's words.
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? undefined : lineAndColumn(text, Number(position));
    const at: Localized = where
      ? {
          ja: ` (${where.line} 行 ${where.column} 列目)`,
          en: ` (line ${where.line}, column ${where.column})`,
        }
      : { ja: '', en: '' };
    throw new CliError({
      ja: `${what.ja}「${file}」は JSON として読めません${at.ja}: ${message}`,
      en: `The ${what.en} "${file}" is not valid JSON${at.en}: ${message}`,
    });
  }
}

/** Reads and parses a JSON file named on the command line. */
export async function readJsonFile(options: {
  file: string;
  cwd: string;
  what: Localized;
}): Promise<unknown> {
  const text = await readTextFile(options);
  return parseJsonText({ text, file: options.file, what: options.what });
}
