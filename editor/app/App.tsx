import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { fetchMe, fetchSetupNeeded, signOut } from '../api/endpoints';
import type { CurrentUser } from '../api/types';
import { SignIn } from '../auth/SignIn';
import { currentLanguage } from '../i18n/index';
import { WorkflowList } from '../workflows/WorkflowList';
import { LanguageSwitch } from './LanguageSwitch';
import { NoticeProvider } from './notices';
import { routeHref, useRoute, type Route } from './route';
import { inboxNavLabel } from '../chat/nav';
import { recordsNavLabel } from '../records/nav';

// The canvas (React Flow) and the run screens load on first use: the list opens faster.
const EditorPage = lazy(() => import('../canvas/EditorPage').then((m) => ({ default: m.EditorPage })));
const ExecutionList = lazy(() => import('../runs/ExecutionList').then((m) => ({ default: m.ExecutionList })));
const ExecutionDetailPage = lazy(() =>
  import('../runs/ExecutionDetailPage').then((m) => ({ default: m.ExecutionDetailPage })),
);
const SharingPage = lazy(() => import('../sharing/SharingPage').then((m) => ({ default: m.SharingPage })));

const RecordsPage = lazy(() => import('../records/RecordsPage').then((m) => ({ default: m.RecordsPage })));
const RecordDetail = lazy(() => import('../records/RecordDetail').then((m) => ({ default: m.RecordDetail })));
const SlackSettings = lazy(() =>
  import('../slack/SlackSettings').then((m) => ({ default: m.SlackSettings })),
);
const SettingsPage = lazy(() =>
  import('../settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
const InboxPage = lazy(() => import('../chat/InboxPage').then((m) => ({ default: m.InboxPage })));

type Session =
  { state: 'loading' } | { state: 'signedOut'; setup: boolean } | { state: 'signedIn'; user: CurrentUser };

/** The whole app: who is signed in, then the screen the URL names. */
export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [fatal, setFatal] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const user = await fetchMe();
      if (user) return setSession({ state: 'signedIn', user });
      const setup = await fetchSetupNeeded().catch(() => false);
      setSession({ state: 'signedOut', setup });
    } catch (error) {
      setFatal(errorMessage(error, currentLanguage()));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const onSignedIn = (user: CurrentUser | null): void => {
    if (user) setSession({ state: 'signedIn', user });
    else void load();
  };

  const content = (() => {
    if (fatal) return <p className="page-message form-error">{t('common.error', { message: fatal })}</p>;
    if (session.state === 'loading') return <p className="page-message">{t('common.loading')}</p>;
    if (session.state === 'signedOut') return <SignIn setup={session.setup} onSignedIn={onSignedIn} />;
    return (
      <Shell
        user={session.user}
        route={route}
        onSignOut={() => {
          void signOut().finally(() => setSession({ state: 'signedOut', setup: false }));
        }}
      />
    );
  })();

  return (
    <NoticeProvider cancelLabel={t('common.cancel')} closeLabel={t('common.close')}>
      {content}
    </NoticeProvider>
  );
}

function Shell(props: { user: CurrentUser; route: Route; onSignOut: () => void }) {
  const { t } = useTranslation();
  const { route } = props;
  const page = (() => {
    switch (route.name) {
      case 'workflows':
        return <WorkflowList />;
      case 'editor':
        return <EditorPage key={route.id} workflowId={route.id} runId={route.runId} />;
      case 'executions':
        return <ExecutionList workflowId={route.workflowId} />;
      case 'execution':
        return <ExecutionDetailPage key={route.id} executionId={route.id} />;
      case 'inbox':
        return <InboxPage />;
      case 'records':
        return <RecordsPage route={route} />;
      case 'record':
        return <RecordDetail key={route.id} module={route.module} id={route.id} />;
      case 'slackSettings':
        return ['owner', 'admin'].includes(props.user.role) ? (
          <SlackSettings />
        ) : (
          <p className="page-message form-error">{recordsNavLabel(currentLanguage()).forbidden}</p>
        );
      case 'sharing':
        return <SharingPage />;
      case 'settings':
        return <SettingsPage user={props.user} initialTab={route.tab} />;
    }
  })();
  return (
    <div className={`shell ${route.name === 'editor' ? 'shell-editor' : ''}`}>
      <header className="topbar">
        <a className="brand" href={routeHref({ name: 'workflows' })}>
          {t('common.appName')}
        </a>
        <nav aria-label={t('nav.main')}>
          <a
            href={routeHref({ name: 'workflows' })}
            aria-current={route.name === 'workflows' ? 'page' : undefined}
          >
            {t('nav.workflows')}
          </a>
          <a
            href={routeHref({ name: 'executions' })}
            aria-current={route.name === 'executions' || route.name === 'execution' ? 'page' : undefined}
          >
            {t('nav.executions')}
          </a>
          <a
            href={routeHref({ name: 'records', module: 'deals', view: 'list' })}
            aria-current={route.name === 'records' || route.name === 'record' ? 'page' : undefined}
          >
            {recordsNavLabel(currentLanguage()).records}
          </a>
          <a href={routeHref({ name: 'inbox' })} aria-current={route.name === 'inbox' ? 'page' : undefined}>
            {inboxNavLabel(currentLanguage())}
          </a>
          <a
            href={routeHref({ name: 'sharing' })}
            aria-current={route.name === 'sharing' ? 'page' : undefined}
          >
            {currentLanguage() === 'en' ? 'External sharing' : '外部共有'}
          </a>
          {['owner', 'admin'].includes(props.user.role) && (
            <a
              href={routeHref({ name: 'slackSettings' })}
              aria-current={route.name === 'slackSettings' ? 'page' : undefined}
            >
              Slack
            </a>
          )}
        </nav>
        <div className="topbar-end">
          <a
            className="topbar-link"
            href={routeHref({ name: 'settings' })}
            aria-current={route.name === 'settings' ? 'page' : undefined}
          >
            {t('settings.title')}
          </a>
          <LanguageSwitch />
          <span className="muted user-name" title={t('nav.signedInAs', { email: props.user.email })}>
            {props.user.name}
          </span>
          <button type="button" onClick={props.onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main className="page">
        <Suspense fallback={<p className="page-message">{t('common.loading')}</p>}>{page}</Suspense>
      </main>
    </div>
  );
}
