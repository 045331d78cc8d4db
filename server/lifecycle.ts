import type { Logger } from '../runtime/ports/logger';

type Hook = { name: string; run: () => Promise<void> };

/**
 * Start and stop hooks for long-running parts (queue workers, the scheduler, waitpoint loops).
 * main.ts runs the start hooks once the database is migrated and the server listens, and the
 * stop hooks, newest first, after the server stopped taking requests and before the database closes.
 */
export class Lifecycle {
  private readonly starts: Hook[] = [];
  private readonly stops: Hook[] = [];

  constructor(private readonly logger: Logger) {}

  onStart(name: string, run: () => Promise<void>): void {
    this.starts.push({ name, run });
  }

  onStop(name: string, run: () => Promise<void>): void {
    this.stops.push({ name, run });
  }

  async start(): Promise<void> {
    for (const hook of this.starts) await hook.run();
  }

  /** Runs every stop hook even when one fails, so the database still closes. */
  async stop(): Promise<void> {
    for (const hook of [...this.stops].reverse()) {
      try {
        await hook.run();
      } catch (error) {
        this.logger.error('stop hook failed', {
          hook: hook.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
