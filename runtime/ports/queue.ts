export interface QueueJob {
  name: string;
  data: unknown;
  /** Not before this time (ms since epoch). */
  runAt?: number;
  /** A job with a key already queued is not queued twice. */
  singletonKey?: string;
}

/** The durable job queue: the embedded SQLite queue by default, pg-boss when scaled out. */
export interface QueuePort {
  enqueue(job: QueueJob): Promise<string>;
}
