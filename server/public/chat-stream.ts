import type { Request, Response } from 'express';
import type { ChatRuntime } from '../chat/runtime';
import type { ChatSignal } from '../chat/hub';

/**
 * How often a stream re-reads the transcript anyway. Lines a bot run stored on a worker arrive when
 * its turn stops (the run signal, a `stored` signal here); this catches what a run says mid-turn
 * and anything a lost notification hid.
 */
const CATCH_UP_MS = 2_000;
const KEEPALIVE_MS = 15_000;

/**
 * A server-sent event stream of one conversation: what was said after the cursor, then each new
 * line as it is stored (`message`, with the id as the event id so a reconnect resumes), status
 * changes and typing. Lines stored by other processes are picked up by re-reading the table after
 * the cursor (so each line goes out once, in id order), at once when such a process's run stops.
 */
export function streamConversation(input: {
  req: Request;
  res: Response;
  chat: ChatRuntime;
  conversationId: string;
  after: number;
}): void {
  const { req, res, chat, conversationId } = input;
  let cursor = input.after;
  let reading = false;
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');

  const write = (event: string, data: unknown, id?: number): void => {
    res.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let again = false;
  /** Reads the table after the cursor; a call during a read makes that read go round once more. */
  const catchUp = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        for (const message of await chat.transcript.after(conversationId, cursor)) {
          cursor = message.id;
          write('message', message, message.id);
        }
      } while (again);
    } finally {
      reading = false;
    }
  };
  // Message ids are shared by all conversations, so the table (not the signal) keeps the order.
  const onSignal = (signal: ChatSignal): void => {
    if (signal.kind === 'message' || signal.kind === 'stored') void catchUp().catch(() => undefined);
    else if (signal.kind === 'status') write('status', { status: signal.status });
    else write('typing', { sender: signal.sender, on: signal.on });
  };
  const unsubscribe = chat.hub.subscribe(conversationId, onSignal);
  const catchUpTimer = setInterval(() => void catchUp().catch(() => undefined), CATCH_UP_MS);
  const keepAlive = setInterval(() => res.write(': ping\n\n'), KEEPALIVE_MS);
  void catchUp().catch(() => undefined);
  req.on('close', () => {
    unsubscribe();
    clearInterval(catchUpTimer);
    clearInterval(keepAlive);
  });
}
