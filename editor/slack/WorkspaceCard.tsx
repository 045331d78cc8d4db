import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
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
  const [test, setTest] = useState<string | null>(null);
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
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              setTest(null);
              const answer = await slackApi.test(w.id);
              setTest(
                answer.ok ? `${M.testOk[lang]}: ${answer.team}` : `${M.testFailed[lang]} (${answer.error})`,
              );
            })
          }
        >
          {M.test[lang]}
        </button>
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
      {test && <p role="status">{test}</p>}
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
  // Channels chosen per department: the first is the department's channel; more can be picked so
  // the server can say which two collide (one department never goes to two channels).
  const [choice, setChoice] = useState<Record<string, string[]>>(() => {
    const chosen: Record<string, string[]> = {};
    for (const entry of w.mapping) chosen[entry.departmentId] = [entry.channelId];
    return chosen;
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [channels, setChannels] = useState<Named[]>([]);
  const [departments, setDepartments] = useState<Named[]>([]);
  useEffect(() => {
    if (props.readOnly) return;
    void slackApi.channels(w.id).then(setChannels, () => setChannels([]));
    void slackApi.departments().then(setDepartments, () => setDepartments([]));
  }, [w.id, props.readOnly]);

  const rows: Named[] = mode === 'all' ? [{ id: '*', name: M.modeAll[lang] }] : departments;
  const nameOf = (id: string) => channels.find((channel) => channel.id === id)?.name ?? id;
  const setAt = (rowId: string, index: number, channelId: string | undefined) => {
    const list = [...(choice[rowId] ?? [''])];
    if (channelId === undefined) list.splice(index, 1);
    else list[index] = channelId;
    setChoice({ ...choice, [rowId]: list });
  };
  const save = () => {
    const entries: MappingEntry[] = rows.flatMap((row) =>
      (choice[row.id] ?? [])
        .filter((channelId) => channelId !== '')
        .map((channelId) => ({ departmentId: row.id, channelId, channelName: nameOf(channelId) })),
    );
    setProblem(null);
    void props.act(async () => {
      try {
        await slackApi.saveMapping(w.id, { mode, entries });
      } catch (caught) {
        // Shown beside the mapping (it names the department and both channels), not only as a toast.
        setProblem(errorMessage(caught, lang));
        throw caught;
      }
      notices.notify(M.saved[lang]);
    });
  };
  const picker = (row: Named, index: number, value: string) => (
    <select
      aria-label={index === 0 ? row.name : `${row.name} (${index + 1})`}
      value={value}
      onChange={(e) => setAt(row.id, index, e.target.value)}
    >
      <option value="">{M.none[lang]}</option>
      {channels.map((channel) => (
        <option key={channel.id} value={channel.id}>
          #{channel.name}
        </option>
      ))}
    </select>
  );
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
      {rows.map((row) => {
        const chosen = choice[row.id] ?? [''];
        return (
          <div key={row.id} className="slack-mapping-row">
            <span>{row.name}</span> {picker(row, 0, chosen[0] ?? '')}
            {chosen.slice(1).map((value, offset) => (
              <span key={offset + 1}>
                {' '}
                {picker(row, offset + 1, value)}
                <button
                  type="button"
                  aria-label={`${row.name} (${offset + 2}): ${M.removeChannel[lang]}`}
                  onClick={() => setAt(row.id, offset + 1, undefined)}
                >
                  ×
                </button>
              </span>
            ))}{' '}
            {mode === 'per_department' && (
              <button
                type="button"
                aria-label={`${row.name}: ${M.addChannel[lang]}`}
                onClick={() => setChoice({ ...choice, [row.id]: [...chosen, ''] })}
              >
                + {M.addChannel[lang]}
              </button>
            )}
          </div>
        );
      })}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={save}>
        {M.save[lang]}
      </button>
    </fieldset>
  );
}
