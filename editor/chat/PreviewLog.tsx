import { useEffect, useRef } from 'react';
import type { PreviewMessage } from './preview-api';

/**
 * The preview's transcript, newest at the bottom and announced to screen readers. Every text is
 * a React text node: markup a bot or a tester types shows as characters, never as HTML.
 */
export function PreviewLog(props: {
  messages: readonly PreviewMessage[];
  label: string;
  senderLabel: (sender: PreviewMessage['sender']) => string;
}) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Braces matter: Chromium's scrollIntoView now returns a promise, which React would take for
    // the effect's cleanup function.
    void end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [props.messages]);
  return (
    <ol className="preview-log" role="log" aria-live="polite" aria-label={props.label}>
      {props.messages.map((message) => (
        <li key={message.id} className={`preview-msg ${message.sender}`} data-node-id={message.nodeId}>
          <span className="preview-sender">{props.senderLabel(message.sender)}</span>
          <span className="preview-text">{message.text}</span>
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="preview-end" />
    </ol>
  );
}
