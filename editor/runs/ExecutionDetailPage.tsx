import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { getExecution, retryExecution, type ExecutionDetail } from '../api/endpoints';
import { formatDate } from '../app/format';
import { useNotices } from '../app/notices';
import { navigate, routeHref } from '../app/route';
import { JsonView } from './JsonView';
import { StatusBadge } from './StatusBadge';
import { StepList } from './StepList';

/** One run: status, trigger data, steps with input and output; open it on the canvas or retry it. */
export function ExecutionDetailPage(props: { executionId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [detail, setDetail] = useState<ExecutionDetail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    getExecution(props.executionId).then(setDetail, (error: unknown) =>
      setFailure(errorMessage(error, lang)),
    );
  }, [props.executionId, lang]);

  if (failure) return <p className="page-message form-error">{t('common.error', { message: failure })}</p>;
  if (!detail) return <p className="page-message">{t('common.loading')}</p>;
  const { summary, run } = detail;

  const retry = async (): Promise<void> => {
    try {
      const id = await retryExecution(summary.id);
      notify(t('runs.retried'), 'success');
      if (id) navigate({ name: 'execution', id });
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
  };

  return (
    <section className="list-page execution-detail">
      <div className="list-head">
        <h1>
          {t('runs.detailTitle', { id: summary.id.slice(0, 8) })} <StatusBadge status={run.status} />
        </h1>
        <a className="button" href={routeHref({ name: 'editor', id: summary.workflowId, runId: summary.id })}>
          {t('runs.openOnCanvas')}
        </a>
        {['failed', 'stopped', 'canceled'].includes(run.status) && (
          <button type="button" className="primary" onClick={() => void retry()}>
            {t('runs.retryFromFailed')}
          </button>
        )}
      </div>
      <p className="muted">
        {summary.workflowName} · {t('runs.version')} {summary.version ?? '—'} · {t('runs.started')}{' '}
        {formatDate(summary.startedAt, lang)} · {t('runs.finished')} {formatDate(summary.finishedAt, lang)}
      </p>
      {run.error && (
        <div className="run-error" role="alert">
          <strong>{t('runs.errorTitle')}</strong> <code>{run.error.code}</code>
          <p>{run.error.localized?.[lang] ?? run.error.message}</p>
        </div>
      )}
      <JsonView label={t('runs.trigger')} value={run.trigger} open={false} />
      <h2>{t('runs.steps')}</h2>
      <StepList steps={run.steps} />
    </section>
  );
}
