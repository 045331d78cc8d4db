/**
 * The visitors of `bench/chat.bench.ts`, in a process of their own so that their HTTP client does
 * not take event-loop time from the server it measures. Arguments: base URL, conversations,
 * turns, think time (ms; 0 = answer at once). Prints one JSON line with what it measured.
 */
import { performance } from 'node:perf_hooks';

const [base = '', conversationsArg = '200', turnsArg = '6', thinkArg = '0'] = process.argv.slice(2);
const CONVERSATIONS = Number(conversationsArg);
const TURNS = Number(turnsArg);
const THINK_MS = Number(thinkArg);

interface Turn {
  conversationId: string | null;
  token?: string;
  messages: Array<{ id: number; sender: string; text: string }>;
}

export interface ClientReport {
  chat: { serverMs: number[]; clientMs: number[]; seconds: number; lost: number; duplicated: number };
  webhook: { clientMs: number[]; seconds: number; errors: number };
  problems: string[];
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A visitor's pause before the next message: THINK_MS ± 50 %, so arrivals spread out. */
function think(): Promise<void> {
  if (THINK_MS <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
}

function serverTiming(res: Response): number | undefined {
  const match = /turn;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Lines missing from and lines repeated in a transcript, against what the script expects. */
function compare(expected: string[], actual: string[]): { lost: number; duplicated: number } {
  const counts = new Map<string, number>();
  for (const line of actual) counts.set(line, (counts.get(line) ?? 0) + 1);
  let lost = 0;
  for (const line of expected) {
    const left = counts.get(line) ?? 0;
    if (left === 0) lost++;
    else counts.set(line, left - 1);
  }
  const duplicated = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { lost, duplicated };
}

async function main(): Promise<void> {
  const report: ClientReport = {
    chat: { serverMs: [], clientMs: [], seconds: 0, lost: 0, duplicated: 0 },
    webhook: { clientMs: [], seconds: 0, errors: 0 },
    problems: [],
  };
  const conversation = async (n: number): Promise<void> => {
    await think();
    const started = await post(`${base}/api/chat/bots/bench-bot/conversations`, {
      visitor: { language: 'ja' },
    });
    const first = (await started.json()) as Turn;
    if (!first.conversationId || !first.token) throw new Error(`start failed: ${started.status}`);
    const id = first.conversationId;
    const token = first.token;
    for (let i = 1; i <= TURNS; i++) {
      await think();
      const t0 = performance.now();
      const res = await post(
        `${base}/api/chat/conversations/${id}/messages`,
        { text: `c${n}-t${i}` },
        { 'x-chat-token': token },
      );
      const turn = (await res.json()) as Turn;
      report.chat.clientMs.push(performance.now() - t0);
      const timing = serverTiming(res);
      if (timing !== undefined) report.chat.serverMs.push(timing);
      const expected = i < TURNS ? `質問 ${i + 1}` : `c${n}-t1: 完了`;
      const texts = turn.messages.map((m) => `${m.sender}:${m.text}`);
      if (texts[0] !== `visitor:c${n}-t${i}` || texts[1] !== `bot:${expected}`)
        report.problems.push(`${id} turn ${i}: ${texts.join(' | ')}`);
    }
    const expectedLines = ['bot:質問 1'];
    for (let i = 1; i <= TURNS; i++)
      expectedLines.push(`visitor:c${n}-t${i}`, `bot:${i < TURNS ? `質問 ${i + 1}` : `c${n}-t1: 完了`}`);
    // An answer later than the request's wait still counts: lost is what never arrives (10 s).
    let result = { lost: expectedLines.length, duplicated: 0 };
    for (let attempt = 0; attempt < 50; attempt++) {
      const all = await fetch(`${base}/api/chat/conversations/${id}/messages?after=0`, {
        headers: { 'x-chat-token': token },
      });
      const transcript = (await all.json()) as Turn;
      const lines = transcript.messages
        .filter((m) => m.sender !== 'system')
        .map((m) => `${m.sender}:${m.text}`);
      result = compare(expectedLines, lines);
      if (result.lost === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { lost, duplicated } = result;
    report.chat.lost += lost;
    report.chat.duplicated += duplicated;
    if (lost + duplicated > 0) report.problems.push(`${id}: ${lost} lost, ${duplicated} duplicated`);
  };
  const chatStart = performance.now();
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, n) => conversation(n)));
  report.chat.seconds = (performance.now() - chatStart) / 1000;

  // Baseline: the same number of sync webhook calls, same concurrency and pauses.
  const caller = async (n: number): Promise<void> => {
    for (let i = 0; i <= TURNS; i++) {
      await think();
      const t0 = performance.now();
      const res = await post(`${base}/webhook/bench`, { name: `c${n}` });
      await res.arrayBuffer();
      if (i > 0) report.webhook.clientMs.push(performance.now() - t0);
      if (res.status !== 200) report.webhook.errors++;
    }
  };
  const hookStart = performance.now();
  await Promise.all(Array.from({ length: CONVERSATIONS }, (_, n) => caller(n)));
  report.webhook.seconds = (performance.now() - hookStart) / 1000;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
