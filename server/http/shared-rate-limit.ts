import type { Options, Store } from 'express-rate-limit';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Logger } from '../../runtime/ports/logger';
import type { Database } from '../db/connection';

/** The table of migration 0010, shared by every limiter (their keys carry the limiter's name). */
const TABLE = 'rate_limits';

/** What a limiter needs to find its counters: the database, where to warn, its name and window. */
export interface SharedLimitInput {
  db: Database;
  logger: Logger;
  /** Unique per limiter (`chat.start`, `webhook` …), so two limiters never share counters. */
  name: string;
  windowMs: number;
}

/** Thrown by the store when the database did not answer; express-rate-limit then lets the request pass. */
class StoreUnavailable extends Error {}

/** The one cleaner per database (see below). */
const cleaned = new WeakSet<Database>();

/**
 * An express-rate-limit Store whose counters live in PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres over the app's own Sequelize pool), so N web processes behind a load
 * balancer count one client together instead of granting it N times the limit. Fixed windows,
 * like the in-memory store: the first hit of a key starts its window, which the library resets
 * in the same upsert once it has expired.
 */
class PostgresStore implements Store {
  /** Our counters live in the database: express-rate-limit must not assume they are local. */
  readonly localKeys = false;
  /** Tells express-rate-limit's double-count check that two limiters' equal keys are distinct. */
  readonly prefix: string;
  private readonly limiter: RateLimiterPostgres;
  private warned = false;

  constructor(private readonly input: SharedLimitInput) {
    this.prefix = `${input.name}:`;
    const first = !cleaned.has(input.db);
    cleaned.add(input.db);
    this.limiter = new RateLimiterPostgres({
      storeClient: input.db.sequelize,
      storeType: 'sequelize',
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: input.name,
      // Only counted here; express-rate-limit compares the total with its own `limit`.
      points: Number.MAX_SAFE_INTEGER,
      duration: input.windowMs / 1000,
      // The library deletes rows expired over an hour ago every 5 minutes (an unref'd timer);
      // one such timer per process is enough for the whole table.
      clearExpiredByTimeout: first,
    });
  }

  async increment(key: string): Promise<{ totalHits: number; resetTime: Date | undefined }> {
    const result = await this.guard(() => this.limiter.penalty(key, 1));
    return {
      totalHits: result.consumedPoints,
      resetTime: result.msBeforeNext >= 0 ? new Date(Date.now() + result.msBeforeNext) : undefined,
    };
  }

  async decrement(key: string): Promise<void> {
    await this.guard(() => this.limiter.reward(key, 1)).catch(() => undefined);
  }

  async resetKey(key: string): Promise<void> {
    await this.guard(() => this.limiter.delete(key)).catch(() => undefined);
  }

  /**
   * Fail open: when the database does not answer, the request goes through unlimited rather than
   * every public endpoint answering 500 during a database hiccup (the database-backed handlers
   * behind the limit fail on their own if it is really gone). One warning per outage, not one per
   * request: the flag clears on the next call that succeeds.
   */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.warned = false;
      return result;
    } catch (error) {
      if (!this.warned) {
        this.warned = true;
        this.input.logger.warn('rate limit store unavailable: requests pass without this limit', {
          limiter: this.input.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      throw new StoreUnavailable(this.input.name);
    }
  }
}

/**
 * The express-rate-limit options that decide where a limiter counts: on PostgreSQL a store shared
 * by every process, passing requests when it fails (passOnStoreError; our store already warned,
 * so its error is not logged again per request); on SQLite nothing, i.e. the in-memory store
 * (one process, and no extra query per request).
 */
export function sharedLimitOptions(input: SharedLimitInput): Partial<Options> {
  if (input.db.dialect !== 'postgres') return {};
  return {
    store: new PostgresStore(input),
    passOnStoreError: true,
    logger: {
      warn: (error, message) => input.logger.warn(message ?? 'rate limit', { error: String(error) }),
      error: (error, message) => {
        if (error instanceof StoreUnavailable) return;
        input.logger.error(message ?? 'rate limit', { error: String(error) });
      },
    },
  };
}
