import { describe, expect, it } from 'vitest';
import { languageFromLocale } from '../../runtime/index';

describe('languageFromLocale', () => {
  it('reads English from POSIX and BCP 47 locales, Japanese otherwise', () => {
    expect(languageFromLocale('en_US.UTF-8')).toBe('en');
    expect(languageFromLocale('en-GB')).toBe('en');
    expect(languageFromLocale('en')).toBe('en');
    expect(languageFromLocale('ja_JP.UTF-8')).toBe('ja');
    expect(languageFromLocale('english')).toBe('ja');
    expect(languageFromLocale(undefined)).toBe('ja');
  });
});
