import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { formatDate } from '../app/format';
import { useNotices } from '../app/notices';
import {
  fetchModules,
  fetchPipelines,
  fetchRecord,
  fetchTimeline,
  type ModuleInfo,
  type PipelineInfo,
  type RecordRow,
  type Timeline,
} from './api';
import { RecordForm } from './RecordForm';
import { recordsHref } from './routes';
import { displayValue, rt } from './strings';

/** A record: its fields (editable), and its timeline; a contact also shows next steps and past activities. */
export function RecordDetail(props: { module: string; id: string }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [info, setInfo] = useState<ModuleInfo | undefined>();
  const [pipelines, setPipelines] = useState<PipelineInfo[]>([]);
  const [record, setRecord] = useState<RecordRow | undefined>();
  const [timeline, setTimeline] = useState<Timeline | undefined>();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const modules = await fetchModules();
      const found = modules.find((m) => m.module === props.module);
      setInfo(found);
      if (found?.pipeline) setPipelines(await fetchPipelines(props.module));
      setRecord(await fetchRecord(props.module, props.id));
      setTimeline(await fetchTimeline(props.module, props.id));
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  }, [props.module, props.id, lang]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <p className="form-error">{error}</p>;
  if (!info || !record) return <p className="page-message">…</p>;
  const stageName = (id: unknown): string =>
    pipelines.flatMap((p) => p.stages).find((s) => s.id === id)?.name ?? displayValue(id);
  const open = timeline?.tasks.filter((t) => t.status !== 'done') ?? [];
  const done = timeline?.tasks.filter((t) => t.status === 'done') ?? [];

  return (
    <section className="record-detail">
      <p>
        <a href={recordsHref({ name: 'records', module: props.module, view: 'list' })}>{rt('back', lang)}</a>
      </p>
      <h1>
        {record.name} {typeof record.number === 'number' && <span className="muted">#{record.number}</span>}
      </h1>
      {editing ? (
        <RecordForm
          info={info}
          pipelines={pipelines}
          record={record}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            notify(rt('saved', lang), 'success');
            void load();
          }}
        />
      ) : (
        <>
          <dl className="record-fields">
            {info.fields.map((f) => (
              <div key={f.key}>
                <dt>{f.label[lang]}</dt>
                <dd>{f.kind === 'stage' ? stageName(record[f.key]) : displayValue(record[f.key])}</dd>
              </div>
            ))}
          </dl>
          <button type="button" onClick={() => setEditing(true)}>
            {rt('edit', lang)}
          </button>
        </>
      )}
      {timeline && (
        <>
          {props.module === 'contacts' && (
            <>
              <TaskList title={rt('nextSteps', lang)} tasks={open} lang={lang} />
              <TaskList title={rt('pastActivities', lang)} tasks={done} lang={lang} />
            </>
          )}
          <h2>{rt('timeline', lang)}</h2>
          <h3>{rt('stageHistory', lang)}</h3>
          <ul aria-label={rt('stageHistory', lang)}>
            {timeline.stageHistory.map((h, i) => (
              <li key={i}>
                {formatDate(h.at, lang)} {h.fromStageName ?? '—'} → {h.toStageName ?? '—'} ({h.actor},{' '}
                {h.source})
              </li>
            ))}
          </ul>
          <h3>{rt('runs', lang)}</h3>
          <ul aria-label={rt('runs', lang)}>
            {timeline.runs.map((r) => (
              <li key={r.runId}>
                <a href={`#/executions/${encodeURIComponent(r.runId)}`}>{r.runId}</a> {formatDate(r.at, lang)}
              </li>
            ))}
          </ul>
          <h3>{rt('calls', lang)}</h3>
          <ul aria-label={rt('calls', lang)}>
            {timeline.calls.map((c) => (
              <li key={c.id}>
                <a href={recordsHref({ name: 'record', module: 'calls', id: c.id })}>{c.name}</a>
              </li>
            ))}
          </ul>
          {props.module !== 'contacts' && (
            <TaskList title={rt('tasks', lang)} tasks={timeline.tasks} lang={lang} />
          )}
        </>
      )}
    </section>
  );
}

function TaskList(props: { title: string; tasks: RecordRow[]; lang: 'ja' | 'en' }) {
  return (
    <>
      <h3>{props.title}</h3>
      {props.tasks.length === 0 ? (
        <p className="muted">{rt('none', props.lang)}</p>
      ) : (
        <ul aria-label={props.title}>
          {props.tasks.map((t) => (
            <li key={t.id}>
              <a href={recordsHref({ name: 'record', module: 'tasks', id: t.id })}>{t.name}</a>{' '}
              <span className="muted">
                {formatDate(typeof t.dueAt === 'string' ? t.dueAt : null, props.lang)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
