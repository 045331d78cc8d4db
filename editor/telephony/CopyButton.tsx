import { useState } from 'react';
import { tt } from './strings';

/** Copies a text; says "Copied" when the browser allowed it (else the text stays selectable). */
export function CopyButton(props: { text: string; label: string; lang: 'ja' | 'en' }) {
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
    } catch {
      // Clipboard refused (no permission, plain http): the value is on screen to select by hand.
      setCopied(false);
    }
  };
  return (
    <button type="button" className="copy-button" aria-label={props.label} onClick={() => void copy()}>
      {copied ? tt('copied', props.lang) : tt('copy', props.lang)}
    </button>
  );
}
