import type { Clock } from '../../runtime/ports/clock';

interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock whose time only moves when every pending piece of work is waiting on it: then it jumps
 * to the earliest timer. Tests of retries, timeouts and delays run instantly and deterministically,
 * and `sleeps` shows how long the engine asked to wait.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];
  private scheduled = false;
  /** Sleeps that ran to their end (aborted ones, such as cancelled timeouts, are left out). */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2026-11-22T09:00:00+09:00')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
      const timer: Timer = {
        due: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          this.sleeps.push(ms);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(new DOMException('aborted', 'AbortError'));
        },
        { once: true },
      );
      this.schedule();
    });
  }

  /** Moves time forward by hand (for waits the engine hands back instead of sleeping on). */
  advance(ms: number): void {
    this.current += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after pending promise callbacks: only then is everyone waiting on us.
    setImmediate(() => {
      this.scheduled = false;
      this.fireEarliest();
    });
  }

  private fireEarliest(): void {
    if (this.timers.length === 0) return;
    this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const next = this.timers.shift();
    if (!next) return;
    this.current = Math.max(this.current, next.due);
    next.resolve();
    if (this.timers.length > 0) this.schedule();
  }
}
