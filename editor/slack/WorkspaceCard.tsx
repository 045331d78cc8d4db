import { useEffect, useState } from 'react';
import { useNotices } from '../app/notices';
import { currentLanguage } from '../i18n/index';
import { SLACK_EVENTS, slackApi } from './api';
import type { MappingEntry, Named, SlackWorkspaceView } from './api';
import { EVENT_LABELS, M } from './messages';

/** One workspace: on/off, delete, token, delivery error, event switches and the mapping. */
export function WorkspaceCard(props: {
  workspace: SlackWorkspaceView;
  onChanged: () => Promise<void>;
  act: (work: () => Promise<unknown>) => Promise<void>;
}) {
  const { workspace: w, act } = props;
  const lang = currentLanguage();
  const notices = useNotices();
  const readOnly = !w.enabled;
  return (
    <article className="slack-workspace" aria-label={w.name}>
      <header>
        <h2>{w.name}</h2>
        <label>
          <input
            type="checkbox"
            checked={w.enabled}
            onChange={(event) => {
              const enabled = event.target.checked;
              void (async () => {
                if (
                  !enabled &&
                  !(await notices.confirm({ text: M.workspaceOff[lang], confirmLabel: M.cont[lang] }))
                )
                  return;
                await act(() => slackApi.setEnabled(w.id, enabled));
              })();
            }}
          />{' '}
          {M.enabled[lang]}
        </label>
        {w.settings.connectedBy === 'oauth' && (
          <button
            type="button"
            disabled={readOnly}
            onClick={() =>
              void act(async () => {
                const url = await slackApi.regenerate(w.id);
                if (url) window.location.assign(url);
              })
            }
          >
            {M.regenerate[lang]}
          </button>
        )}
        <button
          type="button"
          className="danger"
          aria-label={`${M.delete[lang]} ${w.name}`}
          onClick={() => {
            void (async () => {
              if (
                await notices.confirm({
                  text: M.deleteWarn[lang],
                  confirmLabel: M.delete[lang],
                  danger: true,
                })
              )
                await act(() => slackApi.remove(w.id));
            })();
          }}
        >
          {M.delete[lang]}
        </button>
      </header>
      {readOnly && <p className="muted">{M.readOnly[lang]}</p>}
      {w.settings.lastError && (
        <p className="form-error" role="alert">
          {M.lastError[lang]}: {w.settings.lastError.code} ({w.settings.lastError.channel})
        </p>
      )}
      <fieldset disabled={readOnly}>
        <legend>{M.notifications[lang]}</legend>
        {SLACK_EVENTS.map((event) => (
          <label key={event} className="slack-toggle">
            <input
              type="checkbox"
              checked={w.settings.toggles[event]}
              onChange={(e) => void act(() => slackApi.setToggles(w.id, { [event]: e.target.checked }))}
            />{' '}
            {EVENT_LABELS[event][lang]}
          </label>
        ))}
      </fieldset>
      <MappingEditor workspace={w} readOnly={readOnly} act={act} />
    </article>
  );
}

function MappingEditor(props: {
  workspace: SlackWorkspaceView;
  readOnly: boolean;
  act: (work: () => Promise<unknown>) => Promise<void>;
}) {
  const { workspace: w } = props;
  const lang = currentLanguage();
  const notices = useNotices();
  const [mode, setMode] = useState(w.settings.mappingMode);
  const [choice, setChoice] = useState<Record<string, string>>(() =>
    Object.fromEntries(w.mapping.map((entry) => [entry.departmentId, entry.channelId])),
  );
  const [channels, setChannels] = useState<Named[]>([]);
  const [departments, setDepartments] = useState<Named[]>([]);
  useEffect(() => {
    if (props.readOnly) return;
    void slackApi.channels(w.id).then(setChannels, () => setChannels([]));
    void slackApi.departments().then(setDepartments, () => setDepartments([]));
  }, [w.id, props.readOnly]);

  const rows: Named[] = mode === 'all' ? [{ id: '*', name: M.modeAll[lang] }] : departments;
  const nameOf = (id: string) => channels.find((channel) => channel.id === id)?.name ?? id;
  const save = () => {
    const entries: MappingEntry[] = rows.flatMap((row) => {
      const channelId = choice[row.id];
      return channelId ? [{ departmentId: row.id, channelId, channelName: nameOf(channelId) }] : [];
    });
    void props.act(async () => {
      await slackApi.saveMapping(w.id, { mode, entries });
      notices.notify(M.saved[lang]);
    });
  };
  return (
    <fieldset disabled={props.readOnly}>
      <legend>{M.mapping[lang]}</legend>
      <label>
        <input type="radio" name={`mode-${w.id}`} checked={mode === 'all'} onChange={() => setMode('all')} />{' '}
        {M.modeAll[lang]}
      </label>
      <label>
        <input
          type="radio"
          name={`mode-${w.id}`}
          checked={mode === 'per_department'}
          onChange={() => setMode('per_department')}
        />{' '}
        {M.modeEach[lang]}
      </label>
      {rows.map((row) => (
        <label key={row.id} className="slack-mapping-row">
          {row.name}{' '}
          <select
            aria-label={row.name}
            value={choice[row.id] ?? ''}
            onChange={(e) => setChoice({ ...choice, [row.id]: e.target.value })}
          >
            <option value="">{M.none[lang]}</option>
            {channels.map((channel) => (
              <option key={channel.id} value={channel.id}>
                #{channel.name}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="button" onClick={save}>
        {M.save[lang]}
      </button>
    </fieldset>
  );
}
