import { NodeError } from '../../runtime/model/errors';
import type { NodeContext } from '../../runtime/model/node-definition';

/**
 * The idempotency key of the `index`-th message a step says: run, step and index, so a step
 * executed again after a crash (same run, same step index) repeats nothing to the visitor.
 */
export function messageKey(ctx: Pick<NodeContext<unknown>, 'run'>, index = 0): string {
  return `${ctx.run.id}:${ctx.run.stepIndex}:${index}`;
}

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
