import { describe, expect, it } from 'vitest';
import { LEAD_BOT_TRANSCRIPT, leadBot } from '../chat/bots';
import { Cluster, type MusubiProcess } from './support/cluster';
import { createFreshDatabase, describePostgres } from '../support/postgres';
import { scaleQueues } from './support/queues';
import { seedDatabase } from './support/workflows';

/**
 * A visitor's bot conversation through the public chat API of a web process, each turn executed
 * by a different worker process: the other worker is paused (SIGSTOP) while a turn runs, so only
 * one can take it. The conversation goes on where it was, whatever worker runs the next turn.
 */

interface Line {
  sender: string;
  text: string;
}

class Visitor {
  conversationId = '';
  token = '';

  constructor(private readonly web: MusubiProcess) {}

  async start(): Promise<void> {
    const res = await fetch(`${this.web.url}/api/chat/bots/lead-bot/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitor: { language: 'ja-JP', pageUrl: 'https://shop.example/' } }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { conversationId: string; token: string };
    this.conversationId = body.conversationId;
    this.token = body.token;
  }

  async say(text: string): Promise<void> {
    const res = await fetch(`${this.web.url}/api/chat/conversations/${this.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chat-token': this.token },
      body: JSON.stringify({ text }),
    });
    expect(res.status).toBe(200);
  }

  async transcript(): Promise<{ status: string; lines: string[] }> {
    const res = await fetch(
      `${this.web.url}/api/chat/conversations/${this.conversationId}/messages?after=0`,
      {
        headers: { 'x-chat-token': this.token },
      },
    );
    const body = (await res.json()) as { status: string; messages: Line[] };
    return { status: body.status, lines: body.messages.map((m) => `${m.sender}: ${m.text}`) };
  }

  /** Polls the transcript until its last line is `last` (the bot answers on a worker, not here). */
  async waitFor(last: string, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { lines } = await this.transcript();
      if (lines.at(-1) === last) return lines;
      if (Date.now() > deadline)
        throw new Error(`the bot did not say "${last}"; transcript:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Lets only `active` take jobs: the other is paused (SIGSTOP) while idle, so it holds no job. */
function only(active: MusubiProcess, paused: MusubiProcess): void {
  active.child.kill('SIGCONT');
  paused.child.kill('SIGSTOP');
}

describePostgres('scale-out: a bot conversation across workers', (admin) => {
  for (const queue of scaleQueues()) {
    describe(`queue ${queue}`, () => {
      it('goes on turn after turn whichever worker runs the turn', async () => {
        const database = await createFreshDatabase(admin, 'musubi_scale');
        const cluster = new Cluster({ databaseUrl: database.url, queue });
        try {
          await seedDatabase(database.url, [leadBot()]);
          const [web, a, b] = await Promise.all([
            cluster.web(),
            cluster.worker({ concurrency: 4 }),
            cluster.worker({ concurrency: 4 }),
          ]);
          if (!web || !a || !b) throw new Error('the cluster did not start');
          const visitor = new Visitor(web);

          only(a, b);
          await visitor.start();
          await visitor.waitFor('bot: お名前を教えてください。');

          only(b, a);
          await visitor.say('山田 花子');
          await visitor.waitFor('bot: 山田 花子さん、メールアドレスを教えてください。');

          only(a, b);
          await visitor.say('Hanako@Example.com');
          await visitor.waitFor('bot: 優先度を選んでください。');

          only(b, a);
          await visitor.say('高');
          // The bot ended on worker b: the conversation is closed in the run's own transaction.
          const lines = await visitor.waitFor('system: チャットは終了しました。');
          a.child.kill('SIGCONT');

          // Every line once, in order: no turn was run twice or lost between workers.
          expect((await visitor.transcript()).status).toBe('closed');
          expect(lines).toEqual(LEAD_BOT_TRANSCRIPT);
        } catch (error) {
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}\n${cluster.describe()}`,
            {
              cause: error,
            },
          );
        } finally {
          for (const p of cluster.processes) p.child.kill('SIGCONT');
          await cluster.stopAll();
          await database.drop();
        }
      }, 300_000);
    });
  }
});
