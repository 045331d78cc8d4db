import { NodeError } from '../../runtime/model/errors';

/** A waiting bot node was woken by an event it never asked for: a bug in whoever resumed it. */
export function unexpectedEvent(kind: string): NodeError {
  return new NodeError({
    code: 'unexpected_event',
    retryable: false,
    message: {
      ja: `会話の返事を待っているところに「${kind}」イベントが届きました。`,
      en: `A "${kind}" event arrived while the node was waiting for a chat message.`,
    },
  });
}
