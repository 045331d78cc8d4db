import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout the processes run from: this one, or MUSUBI_TEST_SCALE_ROOT (another checkout with
 * node_modules, e.g. a release to test an upgrade against, or a clean copy while this one is mid-edit).
 */
const ROOT =
  process.env.MUSUBI_TEST_SCALE_ROOT ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'bin/musubi.js');
/** The CLI's last words when a command fails (bin/musubi.js, server/cli.ts), in either language. */
const FAILED =
  /予期しないエラーが発生しました|Something unexpected went wrong|設定を確認してください|Check the configuration/;
/** How long a process may take to say it is running (tsx compiles on the fly; on a busy 2-core machine three at once took 50 s). */
const START_TIMEOUT_MS = 120_000;
/** How long a SIGTERM gets before the harness sends SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;
/** Output kept per process, for the error message of a failing test. */
const OUTPUT_LIMIT = 20_000;

/** The queue implementations a cluster can use (MUSUBI_QUEUE). */
export type QueueKind = 'table' | 'pgboss';

export type ClusterRole = 'web' | 'worker' | 'scheduler' | 'all';

/** One Musubi child process. */
export interface MusubiProcess {
  /** e.g. `worker-2`: names the process in failure messages. */
  name: string;
  role: ClusterRole;
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:<port> for processes that serve HTTP (`musubi start`). */
  url: string | undefined;
  /** What the process printed (stdout and stderr, the last 20 kB). */
  output(): string;
  /** Resolves once the process has exited, however it ended. */
  exited: Promise<void>;
  /** `kill -9`: no shutdown hook runs, leases and connections are left as they are. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s: the graceful stop an operator does. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  queue: QueueKind;
  /** Extra environment for every process (e.g. MUSUBI_JOB_LEASE_MS). */
  env?: Record<string, string>;
}

/**
 * A set of Musubi processes sharing one Postgres database, each started as an operator would on
 * its own machine: `musubi start` with MUSUBI_ROLE, or `musubi worker`. Every process has its own
 * data folder and port on 127.0.0.1; they share DATABASE_URL, MUSUBI_QUEUE and MUSUBI_SECRET.
 */
export class Cluster {
  readonly processes: MusubiProcess[] = [];
  private readonly baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'musubi-cluster-'));
  private readonly secret = 'ab'.repeat(32);
  private counts = new Map<string, number>();

  constructor(readonly options: ClusterOptions) {}

  /** `musubi start` with MUSUBI_ROLE=web: API, webhooks, chat; executes nothing. */
  web(env: Record<string, string> = {}): Promise<MusubiProcess> {
    return this.spawn({ role: 'web', args: ['start'], env });
  }

  /** `musubi worker`: executes queued runs, `concurrency` at once. */
  worker(options: { concurrency?: number; env?: Record<string, string> } = {}): Promise<MusubiProcess> {
    const concurrency = options.concurrency ?? 10;
    return this.spawn({
      role: 'worker',
      args: ['worker', '--concurrency', String(concurrency)],
      env: options.env ?? {},
    });
  }

  /** `musubi start` with MUSUBI_ROLE=scheduler: fires schedules (one active at a time). */
  scheduler(env: Record<string, string> = {}): Promise<MusubiProcess> {
    return this.spawn({ role: 'scheduler', args: ['start'], env });
  }

  /** `musubi start` with MUSUBI_ROLE=all: the single-process mode (the baseline of the benchmark). */
  single(env: Record<string, string> = {}): Promise<MusubiProcess> {
    return this.spawn({ role: 'all', args: ['start'], env });
  }

  /** Stops every process still running (SIGTERM, then SIGKILL) and removes the data folders. */
  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    fs.rmSync(this.baseDir, { recursive: true, force: true });
  }

  /** Every process's name and last output, for an assertion message. */
  describe(): string {
    return this.processes
      .map((p) => `--- ${p.name} (pid ${p.pid}, ${exitState(p.child)}) ---\n${p.output().slice(-3000)}`)
      .join('\n');
  }

  private async spawn(input: {
    role: ClusterRole;
    args: string[];
    env: Record<string, string>;
  }): Promise<MusubiProcess> {
    const count = (this.counts.get(input.role) ?? 0) + 1;
    this.counts.set(input.role, count);
    const name = `${input.role}-${count}`;
    const dataDir = path.join(this.baseDir, name);
    fs.mkdirSync(dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: this.options.databaseUrl,
      MUSUBI_QUEUE: this.options.queue,
      MUSUBI_ROLE: input.role,
      MUSUBI_DATA_DIR: dataDir,
      MUSUBI_SECRET: this.secret,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MUSUBI_EDITOR_BUILD: 'skip',
      MUSUBI_WEBHOOK_RATE_LIMIT: '0',
      MUSUBI_CHAT_IP_LIMIT: '0',
      // A failed start prints its stack, for the failure message.
      MUSUBI_DEBUG: '1',
      ...this.options.env,
      ...input.env,
    };
    const child = spawn(process.execPath, [BIN, ...input.args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const proc: MusubiProcess = {
      name,
      role: input.role,
      child,
      pid: child.pid ?? 0,
      url: undefined,
      output: () => output,
      exited,
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      },
    };
    this.processes.push(proc);
    const ready = input.args[0] === 'worker' ? /worker is running/ : /running at (http:\/\/127\.0\.0\.1:\d+)/;
    const match = await waitForOutput(proc, ready);
    proc.url = match[1];
    return proc;
  }
}

function exitState(child: ChildProcess): string {
  if (child.signalCode !== null) return `killed by ${child.signalCode}`;
  if (child.exitCode !== null) return `exited ${child.exitCode}`;
  return 'running';
}

/** Resolves with the first match of `pattern` in the process's output; rejects if it exits first. */
function waitForOutput(proc: MusubiProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(proc.output());
      if (match) {
        finish();
        resolve(match);
      } else if (FAILED.test(proc.output())) {
        finish();
        // A failed start can leave handles open: do not leave the process behind.
        proc.child.kill('SIGKILL');
        reject(new Error(`${proc.name} failed to start:\n${proc.output()}`));
      }
    };
    const onExit = (): void => {
      finish();
      reject(
        new Error(`${proc.name} exited (${exitState(proc.child)}) before it was running:\n${proc.output()}`),
      );
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`${proc.name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${proc.output()}`));
    }, START_TIMEOUT_MS);
    const finish = (): void => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', check);
      proc.child.stderr?.off('data', check);
      proc.child.off('exit', onExit);
    };
    proc.child.stdout?.on('data', check);
    proc.child.stderr?.on('data', check);
    proc.child.once('exit', onExit);
    check();
  });
}
