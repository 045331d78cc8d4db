import type { QueueKind } from './cluster';

/**
 * The queue implementations the scale tests run against: MUSUBI_TEST_SCALE_QUEUES=pgboss,table
 * (comma-separated) or the default below. Each kind costs the whole folder's time again.
 */
export function scaleQueues(): QueueKind[] {
  const raw = process.env.MUSUBI_TEST_SCALE_QUEUES ?? 'pgboss';
  const kinds = raw.split(',').map((kind) => kind.trim());
  return kinds.map((kind) => {
    if (kind === 'pgboss' || kind === 'table') return kind;
    throw new Error(`MUSUBI_TEST_SCALE_QUEUES: "${kind}" is not pgboss or table.`);
  });
}
