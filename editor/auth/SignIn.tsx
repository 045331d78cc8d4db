import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';
import { createOwner, signIn } from '../api/endpoints';
import type { CurrentUser } from '../api/types';
import { currentLanguage } from '../i18n/index';
import { LanguageSwitch } from '../app/LanguageSwitch';

/**
 * The `next` query parameter (`/?next=/integrations/slack/link/…`) when it is a path of this site: a
 * link that needed a session continues there after sign-in; anything else (`//host`, `https:`) is ignored.
 */
export function safeNext(search: string): string | undefined {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return undefined;
  return next;
}

/** The sign-in form, or the first-run owner form when the workspace has no owner yet. */
export function SignIn(props: { setup: boolean; onSignedIn: (user: CurrentUser | null) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = props.setup
        ? await createOwner({ email, password, name: name || email })
        : await signIn({ email, password });
      const next = safeNext(window.location.search);
      if (user && next) window.location.assign(next);
      else props.onSignedIn(user);
    } catch (caught) {
      const wrong = caught instanceof ApiError && caught.status === 401;
      setError(wrong ? t('auth.badCredentials') : errorMessage(caught, currentLanguage()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={(e) => void submit(e)}>
        <div className="auth-head">
          <span className="brand">{t('common.appName')}</span>
          <LanguageSwitch />
        </div>
        <h1>{props.setup ? t('auth.setupTitle') : t('auth.signInTitle')}</h1>
        {props.setup && <p className="muted">{t('auth.setupIntro')}</p>}
        {props.setup && (
          <label>
            {t('auth.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        )}
        <label>
          {t('auth.email')}
          <input
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="username"
            autoFocus
          />
        </label>
        <label>
          {t('auth.password')}
          <input
            type="password"
            required
            minLength={props.setup ? 12 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={props.setup ? 'new-password' : 'current-password'}
          />
          {props.setup && <small className="muted">{t('auth.passwordHint')}</small>}
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {props.setup ? t('auth.setupSubmit') : t('auth.signIn')}
        </button>
      </form>
    </div>
  );
}
