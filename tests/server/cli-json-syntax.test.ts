import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../server/cli/support/json-syntax';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 1, 9, 'remove the ","'],
    ['[1, 2,]', 1, 7, 'remove the ","'],
    ["{'a': 1}", 1, 2, 'double quotes'],
    ['{a: 1}', 1, 2, 'property names must be in double quotes'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'a "," or "}" is missing'],
    ['{"a" 1}', 1, 6, 'a ":" is missing'],
    ['{"a": [1, 2', 1, 12, 'the file ends too early'],
    ['{"a": "x\ny"}', 1, 9, 'raw line break'],
    ['{"a": "\\q"}', 1, 8, 'not a valid escape'],
    ['{"a": 01}', 1, 8, 'this number is not written correctly'],
    ['{"a": tru}', 1, 7, 'cannot appear here'],
    ['{} x', 1, 4, 'more text after the end'],
    ['// note\n{}', 1, 1, 'comments'],
    ['', 1, 1, 'the file is empty'],
  ])('%j → line %i, column %i: %s', (text, line, column, reason) => {
    const found = findJsonSyntaxError(text);
    expect(found).toMatchObject({ line, column });
    expect(found?.reason.en).toContain(reason);
    expect(found?.reason.ja.length).toBeGreaterThan(0);
  });

  it('agrees with JSON.parse about what is valid', () => {
    const samples = [
      '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}',
      '  [ ]  ',
      '"just a string"',
      '0',
      '-0.1',
      '1e',
      '.5',
      '{"a":1,,"b":2}',
      '[1 2]',
      '{"a":}',
      '"\\u12"',
      '{"日本語": "値"}',
      '\t{"a":\r\n1}',
    ];
    for (const text of samples) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(findJsonSyntaxError(text) === undefined, text).toBe(valid);
    }
  });
});
