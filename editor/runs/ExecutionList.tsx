import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { listExecutions, listWorkflows } from '../api/endpoints';
import type { ExecutionSummary, WorkflowSummary } from '../api/types';
import { formatDate } from '../app/format';
import { useNotices } from '../app/notices';
import { routeHref } from '../app/route';
import { StatusBadge } from './StatusBadge';

const STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'stopped', 'canceled'];

/** Every run, filterable by workflow and status. */
export function ExecutionList(props: { workflowId?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [workflowId, setWorkflowId] = useState(props.workflowId ?? '');
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<ExecutionSummary[] | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);

  useEffect(() => {
    void listWorkflows().then(setWorkflows, () => undefined);
  }, []);

  useEffect(() => {
    setItems(null);
    listExecutions({ workflowId: workflowId || undefined, status: status || undefined }).then(
      setItems,
      (error: unknown) => {
        notify(errorMessage(error, lang), 'error');
        setItems([]);
      },
    );
  }, [workflowId, status, notify, lang]);

  const names = new Map(workflows.map((w) => [w.id, w.name]));

  return (
    <section className="list-page">
      <div className="list-head">
        <h1>{t('runs.listTitle')}</h1>
        <select
          aria-label={t('runs.workflow')}
          value={workflowId}
          onChange={(e) => setWorkflowId(e.target.value)}
        >
          <option value="">{t('runs.allWorkflows')}</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <select aria-label={t('workflows.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('runs.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`runs.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {items === null ? (
        <p className="page-message">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="page-message muted">{t('runs.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('workflows.status')}</th>
              <th>{t('runs.workflow')}</th>
              <th>{t('runs.version')}</th>
              <th>{t('runs.trigger')}</th>
              <th>{t('runs.started')}</th>
              <th>{t('runs.finished')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={routeHref({ name: 'execution', id: e.id })}>
                    <StatusBadge status={e.status} />
                  </a>
                </td>
                <td>
                  <a href={routeHref({ name: 'execution', id: e.id })}>
                    {names.get(e.workflowId) ?? e.workflowName}
                  </a>
                </td>
                <td>{e.version ?? '—'}</td>
                <td>{e.mode || '—'}</td>
                <td>{formatDate(e.startedAt, lang)}</td>
                <td>{formatDate(e.finishedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
