import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import { currentLanguage } from '../i18n/index';
import { slackApi } from './api';
import type { SlackWorkspaceView } from './api';
import { M } from './messages';
import { WorkspaceCard } from './WorkspaceCard';

/** Settings → Slack: the integration switch, connected workspaces, and connecting another one. */
export function SlackSettings() {
  const lang = currentLanguage();
  const notices = useNotices();
  const [state, setState] = useState<{ enabled: boolean; workspaces: SlackWorkspaceView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setState(await slackApi.load());
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught, lang));
    }
  }, [lang]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await load();
    } catch (caught) {
      notices.notify(errorMessage(caught, lang), 'error');
    }
  };

  if (error) return <p className="page-message form-error">{error}</p>;
  if (!state) return <p className="page-message">…</p>;
  return (
    <section className="slack-settings" aria-label={M.title[lang]}>
      <h1>{M.title[lang]}</h1>
      <label>
        <input
          type="checkbox"
          checked={state.enabled}
          onChange={(event) => {
            const enabled = event.target.checked;
            void (async () => {
              if (
                !enabled &&
                !(await notices.confirm({
                  text: M.integrationOff[lang],
                  confirmLabel: M.cont[lang],
                  danger: true,
                }))
              )
                return;
              await act(() => slackApi.setIntegration(enabled));
            })();
          }}
        />{' '}
        {M.integration[lang]}
      </label>{' '}
      <button
        type="button"
        className="danger"
        onClick={() => {
          void (async () => {
            if (
              await notices.confirm({
                text: M.deleteAllWarn[lang],
                confirmLabel: M.deleteAll[lang],
                danger: true,
              })
            )
              await act(() => slackApi.removeAll());
          })();
        }}
      >
        {M.deleteAll[lang]}
      </button>
      {state.workspaces.map((workspace) => (
        <WorkspaceCard key={workspace.id} workspace={workspace} onChanged={load} act={act} />
      ))}
      <ConnectForms act={act} />
    </section>
  );
}

function ConnectForms(props: { act: (work: () => Promise<unknown>) => Promise<void> }) {
  const lang = currentLanguage();
  const [token, setToken] = useState({ botToken: '', signingSecret: '' });
  const [app, setApp] = useState({ clientId: '', clientSecret: '', signingSecret: '' });
  return (
    <details className="slack-connect">
      <summary>{M.addWorkspace[lang]}</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void props.act(async () => {
            const url = await slackApi.startOAuth({ ...app, language: lang });
            if (url) window.location.assign(url);
          });
        }}
      >
        <h3>{M.byOAuth[lang]}</h3>
        <input
          aria-label={M.clientId[lang]}
          placeholder={M.clientId[lang]}
          value={app.clientId}
          onChange={(e) => setApp({ ...app, clientId: e.target.value })}
        />
        <input
          aria-label={M.clientSecret[lang]}
          placeholder={M.clientSecret[lang]}
          type="password"
          value={app.clientSecret}
          onChange={(e) => setApp({ ...app, clientSecret: e.target.value })}
        />
        <input
          aria-label={M.signingSecret[lang]}
          placeholder={M.signingSecret[lang]}
          type="password"
          value={app.signingSecret}
          onChange={(e) => setApp({ ...app, signingSecret: e.target.value })}
        />
        <button type="submit">{M.byOAuth[lang]}</button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void props.act(async () => {
            await slackApi.connectToken({ ...token, language: lang });
            setToken({ botToken: '', signingSecret: '' });
          });
        }}
      >
        <h3>{M.byToken[lang]}</h3>
        <input
          aria-label={M.botToken[lang]}
          placeholder={M.botToken[lang]}
          type="password"
          value={token.botToken}
          onChange={(e) => setToken({ ...token, botToken: e.target.value })}
        />
        <input
          aria-label={M.signingSecret[lang]}
          placeholder={M.signingSecret[lang]}
          type="password"
          value={token.signingSecret}
          onChange={(e) => setToken({ ...token, signingSecret: e.target.value })}
        />
        <button type="submit">{M.connect[lang]}</button>
      </form>
    </details>
  );
}
