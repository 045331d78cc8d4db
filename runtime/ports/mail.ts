export interface MailMessage {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  /** Lets a mail adapter drop a repeat of the same send after a crash and retry. */
  idempotencyKey?: string;
}

export interface MailPort {
  send(message: MailMessage): Promise<{ messageId: string }>;
}
