import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { formatDate } from '../app/format';
import { kintoneApi, type KintoneSync } from './api';
import { kt } from './strings';

/** How often the screen asks while a sync runs (the server saves progress after every page). */
const POLL_MS = 1000;

/**
 * A sync's progress bar (imported of the total, records and pages read, its state), updating
 * while it runs, then its report: created / updated / skipped with the reasons.
 */
export function SyncProgressView(props: { initial: KintoneSync; lang: 'ja' | 'en' }) {
  const { lang } = props;
  const [sync, setSync] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [polls, setPolls] = useState(0);
  const active = sync.running || sync.status === 'running';

  useEffect(() => {
    if (!active) return undefined;
    const timer = setTimeout(() => {
      kintoneApi.sync(sync.id).then(
        (next) => {
          setSync(next);
          setError(null);
          setPolls((n) => n + 1);
        },
        (e: unknown) => {
          setError(errorMessage(e, lang));
          setPolls((n) => n + 1);
        },
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [active, sync.id, polls, lang]);

  const runNow = async (): Promise<void> => {
    try {
      await kintoneApi.runNow(sync.id);
      setSync(await kintoneApi.sync(sync.id));
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  };

  const { progress, report } = sync;
  const skipped = Object.values(report.skipped).reduce((sum, n) => sum + n, 0);
  const state = sync.status === 'idle' && sync.phase === 'initial' && !sync.running ? 'waiting' : sync.status;
  const label = kt(sync.phase === 'initial' || report.initial ? 'progressLabel' : 'incrementalLabel', lang);
  const finished = !active && sync.status === 'idle' && report.finishedAt !== null;
  return (
    <div className="kintone-sync" data-sync-id={sync.id}>
      <p>
        <strong>{label}</strong> — <span data-testid="sync-state">{kt(`state_${state}`, lang)}</span>
      </p>
      <progress
        className="kintone-progress"
        aria-label={label}
        max={100}
        value={finished ? 100 : progress.percent}
        aria-valuetext={`${finished ? 100 : progress.percent}%`}
      />
      <p className="kintone-progress-text" aria-live="polite">
        {kt('progressText', lang, {
          done: progress.done,
          total: progress.total,
          fetched: progress.fetched,
          pages: progress.pages,
        })}{' '}
        ({finished ? 100 : progress.percent}%)
      </p>
      {finished && (
        <div className="kintone-report" role="status">
          <p>{kt('report', lang, { created: report.created, updated: report.updated, skipped })}</p>
          {skipped > 0 && (
            <ul>
              {Object.entries(report.skipped).map(([reason, count]) => (
                <li key={reason}>
                  {kt(`skipped_${reason}`, lang)}: {count.toLocaleString(lang)}
                </li>
              ))}
            </ul>
          )}
          {sync.nextRunAt && (
            <p className="muted">{kt('nextRun', lang, { when: formatDate(sync.nextRunAt, lang) })}</p>
          )}
        </div>
      )}
      {sync.lastError && <p className="form-error">{kt('lastError', lang, { message: sync.lastError })}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!active && (
        <button type="button" onClick={() => void runNow()}>
          {kt('runNow', lang)}
        </button>
      )}
    </div>
  );
}
