import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { formatDate } from '../app/format';
import {
  fetchModules,
  fetchPipelines,
  fetchRecords,
  RECORD_SCREEN_MODULES,
  type ModuleInfo,
  type PipelineInfo,
  type RecordFilters,
  type RecordPage,
} from './api';
import { CallLog } from '../telephony/CallLog';
import { LoadSampleButton } from './LoadSampleButton';
import { PipelineBoard } from './PipelineBoard';
import { RecordForm } from './RecordForm';
import { SavedViews } from './SavedViews';
import { recordsHref, type RecordsRoute } from './routes';
import { ShareIcon } from './ShareIcon';
import { useShareState } from './share-state';
import { displayValue, rt } from './strings';

const PAGE_SIZE = 25;

/** The records screen: a tab per module, the list with filters and paging, or a pipeline's board. */
export function RecordsPage(props: { route: Extract<RecordsRoute, { name: 'records' }> }) {
  const { route } = props;
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [modules, setModules] = useState<ModuleInfo[]>([]);
  const [pipelines, setPipelines] = useState<PipelineInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const info = modules.find((m) => m.module === route.module);

  useEffect(() => {
    fetchModules()
      .then(setModules)
      .catch((e: unknown) => setError(errorMessage(e, lang)));
  }, [lang]);

  useEffect(() => {
    if (!info?.pipeline) return setPipelines([]);
    fetchPipelines(route.module)
      .then(setPipelines)
      .catch((e: unknown) => setError(errorMessage(e, lang)));
  }, [info?.pipeline, route.module, lang, reloads]);

  const boardPipeline = pipelines.find((p) => p.id === route.pipelineId) ?? pipelines[0];
  return (
    <section className="records-page">
      <header className="page-header">
        <h1>{rt('title', lang)}</h1>
        <LoadSampleButton onLoaded={() => setReloads((n) => n + 1)} />
      </header>
      <nav className="records-tabs" aria-label={rt('title', lang)}>
        {RECORD_SCREEN_MODULES.map((module) => {
          const label = modules.find((m) => m.module === module)?.labels[lang] ?? module;
          return (
            <a
              key={module}
              href={recordsHref({ name: 'records', module, view: 'list' })}
              aria-current={module === route.module ? 'page' : undefined}
            >
              {label}
            </a>
          );
        })}
      </nav>
      {error && <p className="form-error">{error}</p>}
      {route.module === 'calls' && <CallLog key={reloads} />}
      {info?.pipeline && (
        <p className="records-views">
          <a
            href={recordsHref({ ...route, view: 'list' })}
            aria-current={route.view === 'list' ? 'page' : undefined}
          >
            {rt('list', lang)}
          </a>{' '}
          <a
            href={recordsHref({ ...route, view: 'board', pipelineId: boardPipeline?.id })}
            aria-current={route.view === 'board' ? 'page' : undefined}
          >
            {rt('board', lang)}
          </a>
        </p>
      )}
      {info && route.view === 'board' && info.pipeline ? (
        boardPipeline ? (
          <>
            <label>
              {rt('pipeline', lang)}{' '}
              <select
                value={boardPipeline.id}
                onChange={(e) => {
                  window.location.hash = recordsHref({ ...route, pipelineId: e.target.value });
                }}
              >
                {pipelines.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <PipelineBoard key={`${boardPipeline.id}:${reloads}`} pipelineId={boardPipeline.id} />
          </>
        ) : (
          <p className="muted">{rt('noPipelines', lang)}</p>
        )
      ) : (
        info && <RecordList key={`${info.module}:${reloads}`} info={info} pipelines={pipelines} />
      )}
    </section>
  );
}

/** The list of one module with its filters, paging and a create form. */
export function RecordList(props: { info: ModuleInfo; pipelines: PipelineInfo[] }) {
  const { info, pipelines } = props;
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [filters, setFilters] = useState<RecordFilters>({});
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<RecordPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const share = useShareState(page?.items ?? []);

  const load = useCallback(() => {
    fetchRecords(info.module, { filters, limit: PAGE_SIZE, offset })
      .then((next) => {
        setPage(next);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e, lang)));
  }, [info.module, filters, offset, lang]);
  useEffect(load, [load]);

  const setFilter = (key: keyof RecordFilters, value: string): void => {
    setOffset(0);
    setFilters((current) => ({ ...current, [key]: value || undefined }));
  };
  const stages = pipelines.flatMap((p) => p.stages.map((s) => ({ ...s, label: `${p.name} / ${s.name}` })));
  const statusField = info.fields.find((f) => f.key === 'status' && f.options.length > 0);
  const columns = info.fields
    .filter((f) => !['name', 'description', 'ownerId', 'pipelineId'].includes(f.key))
    .slice(0, 4);
  const stageName = (id: unknown): string => stages.find((s) => s.id === id)?.name ?? displayValue(id);
  const total = page?.total ?? 0;

  return (
    <div className="record-list">
      <form
        className="record-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', query);
        }}
      >
        <input
          type="search"
          aria-label={rt('search', lang)}
          placeholder={rt('search', lang)}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {info.pipeline && (
          <select
            aria-label={rt('stage', lang)}
            value={filters.stageId ?? ''}
            onChange={(e) => setFilter('stageId', e.target.value)}
          >
            <option value="">{rt('allStages', lang)}</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        )}
        {statusField && (
          <select
            aria-label={statusField.label[lang]}
            value={filters.status ?? ''}
            onChange={(e) => setFilter('status', e.target.value)}
          >
            <option value="">{rt('any', lang)}</option>
            {statusField.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
        <button type="submit">{rt('search', lang)}</button>
        <button type="button" onClick={() => setCreating(true)}>
          {rt('create', lang)}
        </button>
      </form>
      <SavedViews
        module={info.module}
        filters={filters}
        lang={lang}
        onApply={(next) => {
          setOffset(0);
          setQuery(next.q ?? '');
          setFilters(next);
        }}
      />
      {creating && (
        <RecordForm
          info={info}
          pipelines={pipelines}
          onCancel={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            load();
          }}
        />
      )}
      {error && <p className="form-error">{error}</p>}
      {page && page.items.length === 0 && <p className="muted">{rt('empty', lang)}</p>}
      {page && page.items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{rt('name', lang)}</th>
              {columns.map((f) => (
                <th key={f.key}>{f.label[lang]}</th>
              ))}
              <th>{rt('updatedAt', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((row) => (
              <tr key={row.id}>
                <td>
                  <a href={recordsHref({ name: 'record', module: info.module, id: row.id })}>
                    {row.name || row.id}
                  </a>{' '}
                  {typeof row.pipelineId === 'string' && share.sharingOn.has(row.pipelineId) && (
                    <ShareIcon shared={share.shared.has(row.id)} lang={lang} />
                  )}
                </td>
                {columns.map((f) => (
                  <td key={f.key}>{f.kind === 'stage' ? stageName(row[f.key]) : displayValue(row[f.key])}</td>
                ))}
                <td>{formatDate(typeof row.updatedAt === 'string' ? row.updatedAt : null, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > 0 && (
        <p className="pager">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            {rt('previous', lang)}
          </button>{' '}
          <span>
            {rt('range', lang, { from: offset + 1, to: Math.min(offset + PAGE_SIZE, total), total })}
          </span>{' '}
          <button
            type="button"
            disabled={offset + PAGE_SIZE >= total}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            {rt('next', lang)}
          </button>
        </p>
      )}
    </div>
  );
}
