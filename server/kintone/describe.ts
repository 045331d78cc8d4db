import type { KintoneSyncModel } from '../db/models/kintone/index';
import { PAGE_SIZE } from './sync';

/**
 * A sync as the API shows it: what the progress bar needs (records imported of the total, records
 * and pages read, the state) and the report of created / updated / skipped by reason.
 */
export function describeSync(sync: KintoneSyncModel, running: boolean) {
  const percent =
    sync.progressTotal > 0 ? Math.min(100, Math.round((sync.progressDone / sync.progressTotal) * 100)) : 0;
  return {
    id: sync.id,
    connectionId: sync.connectionId,
    settings: sync.settings,
    enabled: sync.enabled,
    status: sync.status,
    // From the runner of this process: a row left `running` by a stopped process is not running.
    running,
    phase: sync.phase,
    updatedTimeField: sync.updatedTimeCode,
    progress: {
      done: sync.progressDone,
      total: sync.progressTotal,
      percent,
      fetched: sync.report.fetched ?? 0,
      pages: sync.report.pages ?? 0,
      pageSize: PAGE_SIZE,
    },
    highWaterMark: sync.highWaterMark,
    report: sync.report,
    lastError: sync.lastError,
    nextRunAt: sync.nextRunAt === null ? null : new Date(sync.nextRunAt).toISOString(),
    updatedAt: sync.updatedAt.toISOString(),
  };
}
