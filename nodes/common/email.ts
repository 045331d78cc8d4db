import { valueToText } from '../../runtime/engine/conditions';

// Pragmatic, not RFC 5322: a dot-atom local part and a domain of DNS labels with a dot in it.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True for an address a mail server will take (full-width text is normalised first). */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

/**
 * The addresses in a recipient field: text separated by commas, semicolons, 、 or spaces, or a list
 * (a template such as `{{ vars.recipients }}` that is an array).
 */
export function splitAddresses(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) =>
      valueToText(item)
        .normalize('NFKC')
        .split(/[\s,;、]+/),
    )
    .filter((address) => address.length > 0);
}
