import type { Localized } from '../../../runtime/model/localized';

/** Where a JSON text first goes wrong, and why, in words a person can act on. */
export interface JsonSyntaxError {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  reason: Localized;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: Localized,
  ) {
    super(reason.en);
  }
}

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or undefined when it is valid. JSON.parse
 * says "Unexpected token" without a position for some mistakes, and never in Japanese; this small
 * scanner names the usual ones: a trailing comma, single quotes, a comment, an unquoted key, a
 * missing comma, a file cut short.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.whitespace();
    if (scanner.atEnd()) throw new Stop(0, { ja: 'ファイルが空です', en: 'the file is empty' });
    scanner.value();
    scanner.whitespace();
    if (!scanner.atEnd()) {
      throw new Stop(scanner.pos, {
        ja: 'JSON の終わりのあとに余分な文字があります',
        en: 'there is more text after the end of the JSON value',
      });
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

class Scanner {
  pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  whitespace(): void {
    while (/[ \t\n\r]/.test(this.peek()) && !this.atEnd()) this.pos++;
    if (this.text.startsWith('//', this.pos) || this.text.startsWith('/*', this.pos)) {
      throw new Stop(this.pos, { ja: 'JSON にはコメントを書けません', en: 'JSON cannot have comments' });
    }
  }

  value(): void {
    const c = this.peek();
    if (this.atEnd()) throw this.cutShort();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === "'") throw this.singleQuote();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    throw new Stop(this.pos, {
      ja: `「${c}」はここに書けません (値は "文字列"・数値・true・false・null・{ }・[ ] のどれかです)`,
      en: `"${c}" cannot appear here (a value is a "string", a number, true, false, null, { } or [ ])`,
    });
  }

  private object(): void {
    this.pos++; // {
    this.whitespace();
    if (this.peek() === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      const c = this.peek();
      if (this.atEnd()) throw this.cutShort();
      if (c === '}') throw this.trailingComma();
      if (c === "'") throw this.singleQuote();
      if (c !== '"') {
        throw new Stop(this.pos, {
          ja: '項目名は二重引用符 (") で囲んでください',
          en: 'property names must be in double quotes (")',
        });
      }
      this.string();
      this.whitespace();
      if (this.peek() !== ':') {
        throw this.atEnd()
          ? this.cutShort()
          : new Stop(this.pos, {
              ja: '項目名のあとに「:」がありません',
              en: 'a ":" is missing after the property name',
            });
      }
      this.pos++;
      this.whitespace();
      this.value();
      this.whitespace();
      const next = this.peek();
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === '}') {
        this.pos++;
        return;
      }
      throw this.atEnd() ? this.cutShort() : this.missingComma('}');
    }
  }

  private array(): void {
    this.pos++; // [
    this.whitespace();
    if (this.peek() === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      if (this.peek() === ']') throw this.trailingComma();
      this.value();
      this.whitespace();
      const next = this.peek();
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ']') {
        this.pos++;
        return;
      }
      throw this.atEnd() ? this.cutShort() : this.missingComma(']');
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos++; // "
    for (;;) {
      if (this.atEnd()) {
        throw new Stop(start, {
          ja: 'この文字列が閉じられていません (「"」がありません)',
          en: 'this string is never closed (a closing " is missing)',
        });
      }
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c < ' ') {
        throw new Stop(this.pos, {
          ja: '文字列の中で改行やタブはそのまま書けません (\\n や \\t と書いてください)',
          en: 'a string cannot hold a raw line break or tab (write \\n or \\t)',
        });
      }
      if (c === '\\') {
        const escape = this.text[this.pos + 1] ?? '';
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6)))
          this.pos += 6;
        else if ('"\\/bfnrt'.includes(escape) && escape !== '') this.pos += 2;
        else {
          throw new Stop(this.pos, {
            ja: `「\\${escape}」は使えないエスケープです (「\\」そのものは \\\\ と書きます)`,
            en: `"\\${escape}" is not a valid escape (write a backslash as \\\\)`,
          });
        }
        continue;
      }
      this.pos++;
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match || match[0] === '-') {
      throw new Stop(this.pos, {
        ja: '数値の書き方が正しくありません',
        en: 'this number is not written correctly',
      });
    }
    this.pos += match[0].length;
    if (/[0-9.]/.test(this.peek())) {
      throw new Stop(this.pos, {
        ja: '数値の書き方が正しくありません (先頭の 0 や小数点の位置を確かめてください)',
        en: 'this number is not written correctly (check leading zeros and the decimal point)',
      });
    }
  }

  private cutShort(): Stop {
    return new Stop(this.text.length, {
      ja: 'ファイルが途中で終わっています (「}」「]」「"」の閉じ忘れ？)',
      en: 'the file ends too early (a missing "}", "]" or closing quote?)',
    });
  }

  private trailingComma(): Stop {
    return new Stop(this.pos, {
      ja: '最後の要素のあとの「,」を消してください (JSON では最後にカンマを付けられません)',
      en: 'remove the "," before this: JSON allows no comma after the last item',
    });
  }

  private singleQuote(): Stop {
    return new Stop(this.pos, {
      ja: '文字列は二重引用符 (") で囲んでください (\' は使えません)',
      en: 'strings must be in double quotes ("), not single quotes (\')',
    });
  }

  private missingComma(close: string): Stop {
    return new Stop(this.pos, {
      ja: `「,」か「${close}」がありません (前の行の末尾にカンマを忘れていませんか？)`,
      en: `a "," or "${close}" is missing (a comma forgotten at the end of the line before?)`,
    });
  }
}
