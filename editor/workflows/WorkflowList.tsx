import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import {
  createWorkflow,
  deleteWorkflow,
  exportWorkflow,
  getWorkflow,
  importWorkflow,
  listExecutions,
  listWorkflows,
  problemsFrom,
  setActive,
} from '../api/endpoints';
import { ApiError } from '../api/client';
import type { WorkflowSummary } from '../api/types';
import { formatDate } from '../app/format';
import { useNotices } from '../app/notices';
import { navigate } from '../app/route';
import { currentLanguage } from '../i18n/index';
import { downloadJson, readJsonFile } from './files';
import { StatusBadge } from '../runs/StatusBadge';
import { LoadSampleButton } from '../records/LoadSampleButton';

/** The workflows list: search, status, last run, on/off, create, import, duplicate, export, delete. */
export function WorkflowList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify, confirm } = useNotices();
  const [items, setItems] = useState<WorkflowSummary[] | null>(null);
  const [query, setQuery] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const fail = useCallback(
    (error: unknown) => notify(errorMessage(error, currentLanguage()), 'error'),
    [notify],
  );

  const reload = useCallback(async () => {
    try {
      const [workflows, runs] = await Promise.all([listWorkflows(), listExecutions({}).catch(() => [])]);
      // The newest run of each workflow (the list comes newest first).
      const lastRun = new Map<string, { status: string; startedAt: string }>();
      for (const run of runs) if (!lastRun.has(run.workflowId)) lastRun.set(run.workflowId, run);
      setItems(workflows.map((w) => ({ ...w, lastRun: w.lastRun ?? lastRun.get(w.id) })));
    } catch (error) {
      fail(error);
      setItems([]);
    }
  }, [fail]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const visible = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const list = items ?? [];
    return needle ? list.filter((w) => `${w.name} ${w.description}`.toLowerCase().includes(needle)) : list;
  }, [items, query]);

  const create = async (): Promise<void> => {
    try {
      const created = await createWorkflow({ name: t('workflows.defaultName') });
      navigate({ name: 'editor', id: created.id });
    } catch (error) {
      fail(error);
    }
  };

  const duplicate = async (summary: WorkflowSummary): Promise<void> => {
    try {
      const source = await getWorkflow(summary.id);
      const name = `${summary.name}${t('workflows.copySuffix')}`;
      await createWorkflow({ name, draft: { ...source.draft, name } });
      await reload();
    } catch (error) {
      fail(error);
    }
  };

  const remove = async (summary: WorkflowSummary): Promise<void> => {
    const ok = await confirm({
      text: t('workflows.confirmDelete', { name: summary.name }),
      confirmLabel: t('common.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteWorkflow(summary.id);
      await reload();
    } catch (error) {
      fail(error);
    }
  };

  const toggle = async (summary: WorkflowSummary): Promise<void> => {
    if (!summary.active && summary.latestVersion === 0) {
      notify(t('workflows.activateFirst'), 'error');
      return;
    }
    try {
      await setActive({ id: summary.id, active: !summary.active });
      await reload();
    } catch (error) {
      fail(error);
    }
  };

  const exportOne = async (summary: WorkflowSummary): Promise<void> => {
    try {
      downloadJson({
        fileName: `${summary.name || summary.id}.json`,
        value: await exportWorkflow(summary.id),
      });
    } catch (error) {
      fail(error);
    }
  };

  const onImport = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      const created = await importWorkflow(await readJsonFile(file));
      navigate({ name: 'editor', id: created.id });
    } catch (error) {
      // Validation errors are listed, not swallowed: the user must see what to fix in the file.
      const problems = error instanceof ApiError ? problemsFrom(error.details) : [];
      const detail = problems
        .map((p) => `• ${p.nodeLabel ? `${p.nodeLabel}: ` : ''}${p.message[lang]}`)
        .join('\n');
      notify(
        `${t('workflows.importFailed')}: ${errorMessage(error, lang)}${detail ? `\n${detail}` : ''}`,
        'error',
      );
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <section className="list-page">
      <div className="list-head">
        <h1>{t('workflows.title')}</h1>
        <input
          type="search"
          className="search"
          placeholder={t('workflows.searchPlaceholder')}
          aria-label={t('workflows.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('workflows.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-file"
          onChange={(e) => void onImport(e.target.files?.[0])}
        />
        <button type="button" className="primary" onClick={() => void create()}>
          {t('workflows.create')}
        </button>
      </div>
      {items === null ? (
        <p className="page-message">{t('common.loading')}</p>
      ) : visible.length === 0 ? (
        <div className="page-message muted">
          <p>{items.length === 0 ? t('workflows.empty') : t('workflows.noMatch')}</p>
          {items.length === 0 && <LoadSampleButton onLoaded={() => void reload()} />}
        </div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('workflows.name')}</th>
              <th>{t('workflows.status')}</th>
              <th>{t('workflows.lastRun')}</th>
              <th>{t('workflows.updated')}</th>
              <th>{t('workflows.active')}</th>
              <th>
                <span className="sr-only">{t('workflows.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={`#/workflows/${encodeURIComponent(w.id)}`} className="row-title">
                    {w.name}
                  </a>
                  {w.description && <div className="muted small">{w.description}</div>}
                </td>
                <td>
                  {w.latestVersion > 0
                    ? t('workflows.published', { version: w.latestVersion })
                    : t('workflows.draftOnly')}
                </td>
                <td>
                  {w.lastRun ? (
                    <>
                      <StatusBadge status={w.lastRun.status} /> {formatDate(w.lastRun.startedAt, lang)}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{formatDate(w.updatedAt, lang)}</td>
                <td>
                  <label className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={w.active}
                      aria-label={t('workflows.toggleActive', { name: w.name })}
                      onChange={() => void toggle(w)}
                    />
                    <span>{w.active ? t('workflows.active') : t('workflows.inactive')}</span>
                  </label>
                </td>
                <td className="row-actions">
                  <button type="button" onClick={() => void duplicate(w)}>
                    {t('workflows.duplicate')}
                  </button>
                  <button type="button" onClick={() => void exportOne(w)}>
                    {t('workflows.export')}
                  </button>
                  <button type="button" className="danger-text" onClick={() => void remove(w)}>
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
