import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pidOfPeer } from './peer-process';

/** One call the emulator received. */
export interface EffectCall {
  key: string | undefined;
  body: string;
  at: number;
  /** false when the key had been applied before: the call was answered with the first result. */
  applied: boolean;
  /** The calling process, when it is one of `callers` (see `pidOfPeer`). */
  pid: number | undefined;
}

/**
 * An external API with side effects, as a payment or CRM API would be: `POST /effects` applies an
 * effect once per `Idempotency-Key` and answers a repeated key with the first answer (how Stripe and
 * most APIs dedupe retries). It records every call, so a test can tell "called twice" (a replay after
 * a crash, harmless) from "applied twice" (a duplicate side effect, a bug). Listens on 127.0.0.1.
 */
export class SideEffectEmulator {
  readonly calls: EffectCall[] = [];
  private readonly applied = new Map<string, number>();
  private server: http.Server | undefined;
  private url = '';
  /** Milliseconds each answer is held, so runs are mid-step when a worker is killed. */
  delayMs: number;
  /** Process ids that may call (the workers): each call is attributed to one of them. */
  callers: () => number[] = () => [];
  /** Caller pid per connection: a keep-alive connection is looked up once. */
  private readonly peers = new WeakMap<Socket, number>();

  constructor(options: { delayMs?: number } = {}) {
    this.delayMs = options.delayMs ?? 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const header = req.headers['idempotency-key'];
        const key = Array.isArray(header) ? header[0] : header;
        const first = key === undefined || !this.applied.has(key);
        if (key !== undefined && first) this.applied.set(key, this.calls.length);
        const pid = this.callerOf(req.socket);
        this.calls.push({ key, body: Buffer.concat(chunks).toString(), at: Date.now(), applied: first, pid });
        const answer = JSON.stringify({ ok: true, key: key ?? null, replayed: !first });
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(answer);
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}`;
    return this.url;
  }

  private callerOf(socket: Socket): number | undefined {
    const known = this.peers.get(socket);
    if (known !== undefined) return known;
    const serverPort = Number(new URL(this.url).port);
    const pid = pidOfPeer({ clientPort: socket.remotePort ?? 0, serverPort, pids: this.callers() });
    if (pid !== undefined) this.peers.set(socket, pid);
    return pid;
  }

  /** The URL the workflow's HTTP node calls. */
  get effectsUrl(): string {
    return `${this.url}/effects`;
  }

  /** Effects applied (first call per key, and every call without a key). */
  appliedCount(): number {
    return this.calls.filter((call) => call.applied).length;
  }

  /** Keys whose effect was applied more than once: must stay empty. Calls without a key count as their own. */
  appliedTwice(): string[] {
    const seen = new Map<string, number>();
    for (const call of this.calls)
      if (call.applied) seen.set(call.key ?? '', (seen.get(call.key ?? '') ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
  }

  /** Calls that repeated a key already applied (replays after a crash or a retry). */
  replays(): EffectCall[] {
    return this.calls.filter((call) => !call.applied);
  }

  /** Calls per calling process id. */
  callsByPid(): Map<number | undefined, number> {
    const counts = new Map<number | undefined, number>();
    for (const call of this.calls) counts.set(call.pid, (counts.get(call.pid) ?? 0) + 1);
    return counts;
  }

  /** The distinct keys applied. */
  keys(): Set<string> {
    return new Set(this.calls.flatMap((call) => (call.key === undefined ? [] : [call.key])));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
