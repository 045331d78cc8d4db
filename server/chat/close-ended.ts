import type { Clock } from '../../runtime/ports/clock';
import type { RunStop } from '../execution/run-signals';
import type { SqlRunner } from '../execution/sql';
import { hasEnded } from '../execution/stored-outcome';
import type { ChatHub, ChatMessageView } from './hub';
import { messageView } from './transcript';

/** The line that ends a conversation, in its language. */
export function closingText(by: 'bot' | 'agent', english: boolean): string {
  if (by === 'agent') return english ? 'The agent closed the chat.' : '担当者がチャットを終了しました。';
  return english ? 'The chat has ended.' : 'チャットは終了しました。';
}

/**
 * A run-stop hook for the execution layer's writer: the conversation of a bot run that ended
 * (bot.end_chat, the last node, a failure) is closed, with its closing line, in the transaction
 * that writes the run's end — in whatever process the run executed. Before, only a web process
 * that heard the end (its own runs) closed it, so a run ended on a worker left the chat open until
 * the visitor's next message. Only chats the bot still serves close: a forwarded one stays with
 * its agent. The visitor's turn (ChatService.afterTurn) still closes as a fallback (idempotent).
 */
export function closeEndedConversations(deps: { clock: Clock; hub: ChatHub }) {
  return async (tx: SqlRunner, stops: RunStop[]): Promise<(() => void) | undefined> => {
    const ended = [
      ...new Set(
        stops.flatMap((stop) =>
          stop.kind !== 'responded' && stop.kind !== 'released' && hasEnded(stop.kind) ? [stop.runId] : [],
        ),
      ),
    ];
    if (ended.length === 0) return undefined;
    const now = deps.clock.now();
    // A conversation is its bot run (same id): most runs are not chats and match nothing here.
    const closed = await tx.all(
      `UPDATE chat_conversations SET status = 'closed', closed_at = ?, updated_at = ?
       WHERE id IN (${ended.map(() => '?').join(', ')}) AND status = 'bot' RETURNING id, language`,
      [now, now, ...ended],
    );
    if (closed.length === 0) return undefined;
    const lines: Array<{ conversationId: string; view: ChatMessageView }> = [];
    for (const row of closed) {
      const conversationId = String(row.id);
      const [line] = await tx.all(
        `INSERT INTO chat_messages (conversation_id, sender, text, created_at) VALUES (?, 'system', ?, ?)
         RETURNING id, sender, text, choices, node_id, agent_id, created_at`,
        [conversationId, closingText('bot', row.language === 'en'), now],
      );
      if (!line) continue;
      const view = messageView(line);
      await tx.run('UPDATE chat_conversations SET last_message_id = ? WHERE id = ?', [
        view.id,
        conversationId,
      ]);
      lines.push({ conversationId, view });
    }
    return () => {
      for (const { conversationId, view } of lines) {
        deps.hub.publish(conversationId, { kind: 'message', message: view });
        deps.hub.publish(conversationId, { kind: 'status', status: 'closed' });
      }
    };
  };
}
