import type { ChatMessage, ChatPort } from '../ports/chat';
import type { MailMessage, MailPort } from '../ports/mail';

/** Keeps every chat message in memory, per conversation: the CLI's transcript and tests' ears. */
export class MemoryChat implements ChatPort {
  readonly messages: Array<ChatMessage & { conversationId: string }> = [];

  async send(conversationId: string, message: ChatMessage): Promise<void> {
    this.messages.push({ conversationId, ...message });
  }

  textsOf(conversationId: string): string[] {
    return this.messages.filter((m) => m.conversationId === conversationId).map((m) => m.text);
  }
}

/** An outbox in memory. A repeated idempotency key is not sent twice, as a real adapter must do. */
export class MemoryMail implements MailPort {
  readonly sent: Array<MailMessage & { messageId: string }> = [];

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const repeat = message.idempotencyKey
      ? this.sent.find((m) => m.idempotencyKey === message.idempotencyKey)
      : undefined;
    if (repeat) return { messageId: repeat.messageId };
    const messageId = `<${crypto.randomUUID()}@musubi.local>`;
    this.sent.push({ ...message, messageId });
    return { messageId };
  }
}
