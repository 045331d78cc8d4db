import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_BOT_TRANSCRIPT, leadBot, supportDesk } from '../chat/bots';
import { openDatabase } from '../../../server/db/index';
import { node, respondFlow } from '../execution/support';
import { Cluster, type MusubiProcess } from './support/cluster';
import { createFreshDatabase, describePostgres, type FreshDatabase } from '../support/postgres';
import { scaleQueues } from './support/queues';
import { seedDatabase } from './support/workflows';

/**
 * 1 web + 2 workers on Postgres: the web process executes nothing, so everything a visitor or a
 * webhook caller sees of a run comes from a worker, heard through the run signals (NOTIFY). Before
 * them the visitor's message request waited its full 5 s, live events carried only the web
 * process's own lines and an ended bot's chat stayed open until the visitor wrote again.
 */

interface Line {
  id: number;
  sender: string;
  text: string;
}

const said = (lines: Line[]): string[] => lines.map((line) => `${line.sender}: ${line.text}`);

/** The turn wait of the chat service: an answer slower than this came from the timeout path. */
const TURN_TIMEOUT_MS = 5_000;

class Visitor {
  conversationId = '';
  token = '';

  constructor(
    private readonly web: MusubiProcess,
    private readonly botId: string,
  ) {}

  async start(): Promise<Line[]> {
    const res = await fetch(`${this.web.url}/api/chat/bots/${this.botId}/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitor: { language: 'ja-JP', pageUrl: 'https://shop.example/' } }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { conversationId: string; token: string; messages: Line[] };
    this.conversationId = body.conversationId;
    this.token = body.token;
    return body.messages;
  }

  /** Sends a line; resolves with the answer and how long the request took. */
  async say(text: string): Promise<{ status: string; lines: string[]; ms: number }> {
    const started = Date.now();
    const res = await fetch(`${this.web.url}/api/chat/conversations/${this.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chat-token': this.token },
      body: JSON.stringify({ text }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; messages: Line[] };
    return { status: body.status, lines: said(body.messages), ms: Date.now() - started };
  }

  async transcript(): Promise<{ status: string; lines: string[] }> {
    const res = await fetch(
      `${this.web.url}/api/chat/conversations/${this.conversationId}/messages?after=0`,
      { headers: { 'x-chat-token': this.token } },
    );
    const body = (await res.json()) as { status: string; messages: Line[] };
    return { status: body.status, lines: said(body.messages) };
  }

  /** The live event stream of the conversation, on the web process. */
  events(after = 0): EventStream {
    const url = `${this.web.url}/api/chat/conversations/${this.conversationId}/events?after=${after}&token=${encodeURIComponent(this.token)}`;
    return new EventStream(url);
  }
}

/** A server-sent event stream, read as it arrives: `message` lines and `status` changes. */
class EventStream {
  readonly messages: Line[] = [];
  readonly statuses: string[] = [];
  private readonly controller = new AbortController();
  private readonly reading: Promise<void>;

  constructor(url: string) {
    this.reading = this.read(url).catch(() => undefined);
  }

  private async read(url: string): Promise<void> {
    const res = await fetch(url, { signal: this.controller.signal });
    if (!res.body) throw new Error('no event stream');
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        if (event === 'message') this.messages.push(JSON.parse(data) as Line);
        if (event === 'status') this.statuses.push((JSON.parse(data) as { status: string }).status);
      }
    }
  }

  /** Resolves once `check` holds, or fails after `timeoutMs` with what arrived. */
  async until(check: (stream: EventStream) => boolean, timeoutMs: number, what: string): Promise<number> {
    const started = Date.now();
    while (!check(this)) {
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `${what}: not within ${timeoutMs} ms; stream had:\n${said(this.messages).join('\n')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return Date.now() - started;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.reading;
  }
}

describePostgres('scale-out: runs on workers heard by the web process (run signals)', (admin) => {
  for (const queue of scaleQueues()) {
    describe(`queue ${queue}`, () => {
      let database: FreshDatabase;
      let cluster: Cluster;
      let web: MusubiProcess;

      beforeAll(async () => {
        database = await createFreshDatabase(admin, 'musubi_scale');
        cluster = new Cluster({ databaseUrl: database.url, queue });
        await seedDatabase(database.url, [
          leadBot(),
          // Asks the name, then gives up after 2 s of silence and ends: no visitor request is waiting.
          leadBot('quiet-bot', { askTimeoutSeconds: 2 }),
          // Answers, then waits 10 minutes: the answer comes while the run goes on, not at its end.
          respondFlow({
            id: 'greet',
            path: 'greet',
            after: [node('later', 'logic.delay', { mode: 'duration', amount: 10, unit: 'minutes' })],
          }),
        ]);
        // An available agent, for the hand-over test.
        const db = await openDatabase({ url: database.url });
        await supportDesk(db, true).finally(() => db.close());
        const [w] = await Promise.all([
          cluster.web(),
          cluster.worker({ concurrency: 4 }),
          cluster.worker({ concurrency: 4 }),
        ]);
        web = w;
      }, 180_000);

      afterAll(async () => {
        await cluster?.stopAll();
        await database?.drop();
      }, 60_000);

      const explain = (error: unknown): Error =>
        new Error(`${error instanceof Error ? error.message : String(error)}\n${cluster.describe()}`, {
          cause: error,
        });

      it('answers each visitor message with the bot lines a worker wrote, streams them once in order, and closes the ended chat', async () => {
        try {
          const visitor = new Visitor(web, 'lead-bot');
          const first = await visitor.start();
          expect(said(first)).toEqual([
            'bot: こんにちは！お問い合わせを承ります。',
            'bot: お名前を教えてください。',
          ]);
          const stream = visitor.events(0);
          try {
            await stream.until((s) => s.messages.length >= 2, 10_000, 'the opening lines');

            // Each answer carries the bot's next question, well before the 5 s turn timeout.
            const name = await visitor.say('山田 花子');
            expect(name.lines).toEqual([
              'visitor: 山田 花子',
              'bot: 山田 花子さん、メールアドレスを教えてください。',
            ]);
            expect(name.ms).toBeLessThan(TURN_TIMEOUT_MS / 2);
            const email = await visitor.say('Hanako@Example.com');
            expect(email.lines).toEqual(['visitor: Hanako@Example.com', 'bot: 優先度を選んでください。']);
            expect(email.ms).toBeLessThan(TURN_TIMEOUT_MS / 2);

            // The last turn ends the bot: the answer says closed, with the closing line.
            const last = await visitor.say('高');
            expect(last.ms).toBeLessThan(TURN_TIMEOUT_MS / 2);
            expect(last.status).toBe('closed');
            expect(last.lines).toEqual([
              'visitor: 高',
              'bot: 山田 花子さん（hanako@example.com）、優先度「高」で受け付けました。',
              'bot: ありがとうございました。',
              'system: チャットは終了しました。',
            ]);
            const everything = LEAD_BOT_TRANSCRIPT;
            // The stream on the web process got every line a worker wrote: once each, in order.
            await stream.until((s) => s.messages.length >= everything.length, 5_000, 'every line');
            await new Promise((resolve) => setTimeout(resolve, 2_500)); // one catch-up period: no repeats
            expect(said(stream.messages)).toEqual(everything);
            const ids = stream.messages.map((m) => m.id);
            expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
            expect(stream.statuses).toContain('closed');
            expect(await visitor.transcript()).toEqual({ status: 'closed', lines: everything });
          } finally {
            await stream.close();
          }
        } catch (error) {
          throw explain(error);
        }
      }, 120_000);

      it('closes a chat whose bot ended on a worker without a further visitor message', async () => {
        try {
          const visitor = new Visitor(web, 'quiet-bot');
          await visitor.start();
          const stream = visitor.events(0);
          try {
            // Nobody writes: the ask times out (woken after 2 s), a worker runs the rest and ends.
            await stream.until((s) => s.statuses.includes('closed'), 20_000, 'the closed status');
            await stream.until((s) => s.messages.length >= 4, 5_000, 'the closing line');
            expect(said(stream.messages)).toEqual([
              'bot: こんにちは！お問い合わせを承ります。',
              'bot: お名前を教えてください。',
              'bot: お返事がなかったため、チャットを終了します。',
              'system: チャットは終了しました。',
            ]);
            expect((await visitor.transcript()).status).toBe('closed');
          } finally {
            await stream.close();
          }
        } catch (error) {
          throw explain(error);
        }
      }, 60_000);

      it('tells the stream on the web process that a worker handed the chat to an agent', async () => {
        try {
          const visitor = new Visitor(web, 'lead-bot');
          await visitor.start();
          await visitor.say('山田 花子');
          await visitor.say('hanako@example.com');
          const stream = visitor.events(0);
          try {
            // Neither choice: the bot forwards to the support department's available agent.
            const handed = await visitor.say('電話で相談したい');
            expect(handed.status).toBe('forwarded');
            await stream.until((s) => s.statuses.includes('forwarded'), 5_000, 'the forwarded status');
            expect(said(stream.messages)).toContain('system: 佐藤 が対応します。');
          } finally {
            await stream.close();
          }
        } catch (error) {
          throw explain(error);
        }
      }, 60_000);

      it('answers sync webhooks with the respond node of runs executed on workers', async () => {
        try {
          const call = async (name: string) => {
            const started = Date.now();
            const res = await fetch(`${web.url}/webhook/greet`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ name }),
            });
            return { status: res.status, body: (await res.json()) as unknown, ms: Date.now() - started };
          };
          await call('warm-up');
          const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(`n${i}`)));
          answers.forEach((answer, i) => {
            // The respond node's answer, not the 202 "still running" of a timeout.
            expect(answer.status).toBe(200);
            expect(answer.body).toEqual({ hello: `n${i}` });
            expect(answer.ms).toBeLessThan(3_000);
          });
        } catch (error) {
          throw explain(error);
        }
      }, 60_000);
    });
  }
});
