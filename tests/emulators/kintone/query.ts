/**
 * The subset of kintone's query language the emulator understands: conditions (=, !=, >, <, >=,
 * <=, in, not in, like, not like, is empty, is not empty) joined by and/or with parentheses, then
 * `order by f asc|desc, …`, `limit n`, `offset m`.
 */

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'compare'; field: string; op: string; value: string | string[] };

export interface ParsedQuery {
  where: Condition | undefined;
  orderBy: Array<{ field: string; desc: boolean }>;
  limit: number | undefined;
  offset: number | undefined;
}

type Token = { type: 'word' | 'string' | 'punct'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"') {
      let text = '';
      index += 1;
      while (index < query.length && query.charAt(index) !== '"') {
        if (query.charAt(index) === '\\') index += 1;
        text += query.charAt(index);
        index += 1;
      }
      if (index >= query.length) throw new QueryError('unterminated string');
      index += 1;
      tokens.push({ type: 'string', text });
    } else if ('(),'.includes(char)) {
      tokens.push({ type: 'punct', text: char });
      index += 1;
    } else if ('=!<>'.includes(char)) {
      const two = query.slice(index, index + 2);
      const op = ['!=', '<=', '>='].includes(two) ? two : char;
      tokens.push({ type: 'punct', text: op });
      index += op.length;
    } else {
      let text = '';
      while (index < query.length && !/[\s(),=!<>"]/.test(query.charAt(index))) {
        text += query.charAt(index);
        index += 1;
      }
      tokens.push({ type: 'word', text });
    }
  }
  return tokens;
}

export class QueryError extends Error {}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  peekWord(): string | undefined {
    const token = this.tokens[this.position];
    return token?.type === 'word' ? token.text.toLowerCase() : undefined;
  }
  peek(): Token | undefined {
    return this.tokens[this.position];
  }
  next(): Token {
    const token = this.tokens[this.position];
    if (!token) throw new QueryError('unexpected end of query');
    this.position += 1;
    return token;
  }
  expectWord(word: string): void {
    if (this.next().text.toLowerCase() !== word) throw new QueryError(`expected ${word}`);
  }
  done(): boolean {
    return this.position >= this.tokens.length;
  }

  parse(): ParsedQuery {
    const clauseWords = ['order', 'limit', 'offset'];
    const where = this.done() || clauseWords.includes(this.peekWord() ?? '') ? undefined : this.orExpr();
    const result: ParsedQuery = { where, orderBy: [], limit: undefined, offset: undefined };
    while (!this.done()) {
      const word = this.peekWord();
      this.next();
      if (word === 'order') {
        this.expectWord('by');
        do {
          const field = this.next().text;
          const direction = this.peekWord();
          if (direction === 'asc' || direction === 'desc') this.next();
          result.orderBy.push({ field, desc: direction === 'desc' });
        } while (this.peek()?.text === ',' && this.next());
      } else if (word === 'limit') {
        result.limit = Number(this.next().text);
      } else if (word === 'offset') {
        result.offset = Number(this.next().text);
      } else {
        throw new QueryError(`unexpected ${word ?? 'token'}`);
      }
    }
    return result;
  }

  private orExpr(): Condition {
    const items = [this.andExpr()];
    while (this.peekWord() === 'or') {
      this.next();
      items.push(this.andExpr());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
  }

  private andExpr(): Condition {
    const items = [this.primary()];
    while (this.peekWord() === 'and') {
      this.next();
      items.push(this.primary());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
  }

  private primary(): Condition {
    if (this.peek()?.text === '(') {
      this.next();
      const inner = this.orExpr();
      if (this.next().text !== ')') throw new QueryError('expected )');
      return inner;
    }
    const field = this.next().text;
    let op = this.next().text.toLowerCase();
    if (op === 'not') op = `not ${this.next().text.toLowerCase()}`;
    if (op === 'is') {
      const negate = this.peekWord() === 'not';
      if (negate) this.next();
      this.expectWord('empty');
      return { kind: 'compare', field, op: negate ? 'is not empty' : 'is empty', value: '' };
    }
    if (op === 'in' || op === 'not in') {
      if (this.next().text !== '(') throw new QueryError('expected (');
      const values: string[] = [];
      while (this.peek()?.text !== ')') {
        const token = this.next();
        if (token.text !== ',') values.push(token.text);
      }
      this.next();
      return { kind: 'compare', field, op, value: values };
    }
    if (!['=', '!=', '>', '<', '>=', '<=', 'like', 'not like'].includes(op))
      throw new QueryError(`unknown operator ${op}`);
    return { kind: 'compare', field, op, value: this.next().text };
  }
}

/** Parses a query string; throws QueryError on what it does not understand. */
export function parseQuery(query: string): ParsedQuery {
  return new Parser(tokenize(query)).parse();
}

/** Compares as numbers when both sides are numeric, else as strings (ISO times sort as text). */
export function compareValues(left: string, right: string): number {
  const a = Number(left);
  const b = Number(right);
  if (left !== '' && right !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether a record (field code → comparable text or list) satisfies the condition. */
export function matches(
  condition: Condition | undefined,
  read: (field: string) => string | string[],
): boolean {
  if (!condition) return true;
  if (condition.kind === 'compare') return compare(condition, read);
  if (condition.kind === 'and') return condition.items.every((item) => matches(item, read));
  return condition.items.some((item) => matches(item, read));
}

function compare(
  condition: Extract<Condition, { kind: 'compare' }>,
  read: (field: string) => string | string[],
): boolean {
  const actual = read(condition.field);
  const values = Array.isArray(actual) ? actual : [actual];
  const expected = condition.value;
  switch (condition.op) {
    case 'is empty':
      return values.every((value) => value === '');
    case 'is not empty':
      return values.some((value) => value !== '');
    case 'in':
      return Array.isArray(expected) && values.some((value) => expected.includes(value));
    case 'not in':
      return Array.isArray(expected) && !values.some((value) => expected.includes(value));
    case 'like':
      return values.some((value) => value.includes(String(expected)));
    case 'not like':
      return !values.some((value) => value.includes(String(expected)));
    default: {
      const single = values[0] ?? '';
      const diff = compareValues(single, String(expected));
      if (condition.op === '=') return diff === 0;
      if (condition.op === '!=') return diff !== 0;
      if (condition.op === '>') return diff > 0;
      if (condition.op === '<') return diff < 0;
      if (condition.op === '>=') return diff >= 0;
      return diff <= 0;
    }
  }
}
