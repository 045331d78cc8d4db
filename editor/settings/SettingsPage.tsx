import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import type { CurrentUser } from '../api/types';
import { formatDate, workspaceTimeZone } from '../app/format';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { useNotices } from '../app/notices';
import { ConnectionsTab } from './ConnectionsTab';
import { settingsApi, type MailRow, type TokenRow, type UserRow } from './api';

type Tab = 'users' | 'tokens' | 'preferences' | 'outbox' | 'connections';
const ROLES = ['admin', 'editor', 'viewer'];

/** Settings: users and roles, API tokens, display (language, time zone), the mail outbox. */
export function SettingsPage(props: { user: CurrentUser; initialTab?: string | undefined }) {
  const { t } = useTranslation();
  const admin = props.user.role === 'owner' || props.user.role === 'admin';
  const tabs: Tab[] = admin
    ? ['users', 'tokens', 'preferences', 'outbox', 'connections']
    : ['tokens', 'preferences'];
  const [tab, setTab] = useState<Tab>(tabs.find((name) => name === props.initialTab) ?? tabs[0] ?? 'tokens');
  return (
    <section className="list-page settings-page">
      <div className="list-head">
        <h1>{t('settings.title')}</h1>
      </div>
      <div className="tabs" role="tablist">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'selected' : ''}
            onClick={() => setTab(name)}
          >
            {t(`settings.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'users' && <UsersTab self={props.user} />}
        {tab === 'tokens' && <TokensTab />}
        {tab === 'preferences' && <PreferencesTab />}
        {tab === 'outbox' && <OutboxTab />}
        {tab === 'connections' && <ConnectionsTab />}
      </div>
    </section>
  );
}

function useLoad<T>(load: () => Promise<T>): { value: T | null; reload: () => void } {
  const { i18n } = useTranslation();
  const { notify } = useNotices();
  const [value, setValue] = useState<T | null>(null);
  const reload = useCallback(() => {
    load().then(setValue, (error: unknown) =>
      notify(errorMessage(error, i18n.language === 'en' ? 'en' : 'ja'), 'error'),
    );
  }, [load, notify, i18n.language]);
  useEffect(reload, [reload]);
  return { value, reload };
}

function UsersTab(props: { self: CurrentUser }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const { value: users, reload } = useLoad(settingsApi.users);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('editor');

  const act = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
      reload();
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
  };

  const invite = (event: FormEvent): void => {
    event.preventDefault();
    void act(async () => {
      const password = await settingsApi.invite({ email, role, name });
      if (password) notify(t('settings.users.invited', { email, password }), 'success');
      setEmail('');
      setName('');
    });
  };

  return (
    <>
      <form className="inline-form" onSubmit={invite}>
        <input
          type="email"
          required
          placeholder={t('settings.users.email')}
          aria-label={t('settings.users.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <input
          placeholder={t('settings.users.name')}
          aria-label={t('settings.users.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select aria-label={t('settings.users.role')} value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`settings.roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="primary">
          {t('settings.users.invite')}
        </button>
      </form>
      <table className="table">
        <thead>
          <tr>
            <th>{t('settings.users.email')}</th>
            <th>{t('settings.users.name')}</th>
            <th>{t('settings.users.role')}</th>
            <th>{t('settings.users.sharing')}</th>
            <th>{t('settings.users.disabled')}</th>
            <th>{t('settings.users.lastLogin')}</th>
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u: UserRow) => {
            const locked = u.id === props.self.id || u.role === 'owner';
            return (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name || '—'}</td>
                <td>
                  {locked ? (
                    t(`settings.roles.${u.role}`)
                  ) : (
                    <select
                      aria-label={`${t('settings.users.role')}: ${u.email}`}
                      value={u.role}
                      onChange={(e) =>
                        void act(() => settingsApi.updateUser({ id: u.id, role: e.target.value }))
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`settings.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('settings.users.sharing')}: ${u.email}`}
                    checked={u.externalSharing}
                    disabled={locked}
                    onChange={(e) =>
                      void act(() => settingsApi.updateUser({ id: u.id, externalSharing: e.target.checked }))
                    }
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('settings.users.disabled')}: ${u.email}`}
                    checked={u.disabled}
                    disabled={locked}
                    onChange={(e) =>
                      void act(() => settingsApi.updateUser({ id: u.id, disabled: e.target.checked }))
                    }
                  />
                </td>
                <td>{formatDate(u.lastLoginAt, lang)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function TokensTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify, confirm } = useNotices();
  const { value: tokens, reload } = useLoad(settingsApi.tokens);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      setCreated((await settingsApi.createToken(name)) ?? null);
      setName('');
      reload();
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
  };

  const revoke = async (token: TokenRow): Promise<void> => {
    if (
      !(await confirm({
        text: t('settings.tokens.confirmRevoke', { name: token.name }),
        confirmLabel: t('settings.tokens.revoke'),
        danger: true,
      }))
    )
      return;
    try {
      await settingsApi.revokeToken(token.id);
      reload();
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
  };

  return (
    <>
      <form className="inline-form" onSubmit={(e) => void create(e)}>
        <input
          required
          placeholder={t('settings.tokens.name')}
          aria-label={t('settings.tokens.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary">
          {t('settings.tokens.create')}
        </button>
      </form>
      {created && (
        <p className="token-created" role="status">
          {t('settings.tokens.created')} <code>{created}</code>
        </p>
      )}
      {tokens && tokens.length === 0 ? (
        <p className="muted">{t('settings.tokens.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('settings.tokens.name')}</th>
              <th>{t('settings.tokens.prefix')}</th>
              <th>{t('settings.tokens.lastUsed')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(tokens ?? []).map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{formatDate(token.lastUsedAt, lang)}</td>
                <td className="row-actions">
                  <button type="button" className="danger-text" onClick={() => void revoke(token)}>
                    {t('settings.tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PreferencesTab() {
  const { t } = useTranslation();
  return (
    <dl className="preferences">
      <dt>{t('settings.preferences.language')}</dt>
      <dd>
        <LanguageSwitch />
      </dd>
      <dt>{t('settings.preferences.timeZone')}</dt>
      <dd>
        <code>{workspaceTimeZone()}</code>{' '}
        <span className="muted small">{t('settings.preferences.timeZoneHelp')}</span>
      </dd>
    </dl>
  );
}

function OutboxTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { value: mails } = useLoad(settingsApi.outbox);
  if (mails && mails.length === 0) return <p className="muted">{t('settings.outbox.empty')}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t('settings.outbox.sentAt')}</th>
          <th>{t('settings.outbox.to')}</th>
          <th>{t('settings.outbox.subject')}</th>
          <th>{t('settings.outbox.status')}</th>
        </tr>
      </thead>
      <tbody>
        {(mails ?? []).map((mail: MailRow) => (
          <tr key={mail.id}>
            <td>{formatDate(mail.createdAt, lang)}</td>
            <td>{mail.to}</td>
            <td>{mail.subject}</td>
            <td>{mail.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
