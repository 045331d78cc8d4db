import { useCallback, useEffect, useState } from 'react';
import { errorMessage, request } from '../api/client';
import { isRecord } from '../api/guards';
import type { RecordFilters } from './api';
import { rt } from './strings';

interface SavedView {
  id: string;
  name: string;
  filters: RecordFilters;
}

const FILTER_KEYS = ['q', 'stageId', 'pipelineId', 'ownerId', 'status'] as const;

function toFilters(value: unknown): RecordFilters {
  const filters: RecordFilters = {};
  if (!isRecord(value)) return filters;
  for (const key of FILTER_KEYS) {
    const item = value[key];
    if (typeof item === 'string' && item) filters[key] = item;
  }
  return filters;
}

async function listViews(module: string): Promise<SavedView[]> {
  const body = await request(`/api/record-views?module=${encodeURIComponent(module)}`);
  return (isRecord(body) && Array.isArray(body.items) ? body.items : []).flatMap((v) =>
    isRecord(v) && typeof v.id === 'string' && typeof v.name === 'string'
      ? [{ id: v.id, name: v.name, filters: toFilters(v.filters) }]
      : [],
  );
}

/** Saved views of a module's list: pick one to apply its filters, or save the current filters under a name. */
export function SavedViews(props: {
  module: string;
  filters: RecordFilters;
  lang: 'ja' | 'en';
  onApply: (filters: RecordFilters) => void;
}) {
  const { lang } = props;
  const [views, setViews] = useState<SavedView[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    listViews(props.module)
      .then(setViews)
      .catch((e: unknown) => setError(errorMessage(e, lang)));
  }, [props.module, lang]);
  useEffect(load, [load]);

  const save = async (): Promise<void> => {
    const filters = Object.fromEntries(
      Object.entries(props.filters).filter(([, v]) => typeof v === 'string' && v),
    );
    try {
      await request('/api/record-views', { method: 'POST', body: { module: props.module, name, filters } });
      setName('');
      setError(null);
      load();
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  };

  return (
    <div className="saved-views">
      <select
        aria-label={rt('savedViews', lang)}
        defaultValue=""
        onChange={(e) => {
          const view = views.find((v) => v.id === e.target.value);
          props.onApply(view ? view.filters : {});
        }}
      >
        <option value="">{rt('allRecords', lang)}</option>
        {views.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name}
          </option>
        ))}
      </select>{' '}
      <input
        aria-label={rt('viewName', lang)}
        placeholder={rt('viewName', lang)}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />{' '}
      <button type="button" disabled={name.trim() === ''} onClick={() => void save()}>
        {rt('saveView', lang)}
      </button>
      {error && <span className="form-error">{error}</span>}
    </div>
  );
}
