import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import {
  createTelephonyConnection,
  fetchTelephonyConnections,
  regenerateTelephonyToken,
  type TelephonyConnection,
} from './api';
import { CopyButton } from './CopyButton';
import { tt } from './strings';

/**
 * The phone-system connections: where the phone system posts ended calls (`POST
 * /api/telephony/calls`), the token it sends, a copy-paste curl example, and token regeneration.
 */
export function TelephonyConnections() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify, confirm } = useNotices();
  const [connections, setConnections] = useState<TelephonyConnection[] | null>(null);
  const [name, setName] = useState('');

  const load = useCallback(() => {
    fetchTelephonyConnections().then(setConnections, (e: unknown) => notify(errorMessage(e, lang), 'error'));
  }, [lang, notify]);
  useEffect(load, [load]);

  const replace = (next: TelephonyConnection) =>
    setConnections((current) => (current ?? []).map((c) => (c.id === next.id ? next : c)));

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      const created = await createTelephonyConnection(name);
      setConnections((current) => [...(current ?? []), created]);
      setName('');
    } catch (e) {
      notify(errorMessage(e, lang), 'error');
    }
  };

  const regenerate = async (connection: TelephonyConnection): Promise<void> => {
    const sure = await confirm({
      text: tt('confirmRegenerate', lang, { name: connection.name }),
      confirmLabel: tt('regenerate', lang),
      danger: true,
    });
    if (!sure) return;
    try {
      replace(await regenerateTelephonyToken(connection.id));
      notify(tt('regenerated', lang), 'success');
    } catch (e) {
      notify(errorMessage(e, lang), 'error');
    }
  };

  return (
    <section className="integration-section" aria-labelledby="telephony-connections-title">
      <h2 id="telephony-connections-title">{tt('connectionsTitle', lang)}</h2>
      <p className="muted">{tt('connectionsHelp', lang)}</p>
      <form className="inline-form" onSubmit={(e) => void create(e)}>
        <input
          required
          maxLength={200}
          aria-label={tt('connectionName', lang)}
          placeholder={tt('connectionName', lang)}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary">
          {tt('create', lang)}
        </button>
      </form>
      {connections && connections.length === 0 && <p className="muted">{tt('noConnections', lang)}</p>}
      {(connections ?? []).map((connection) => (
        <article key={connection.id} className="integration-card" aria-label={connection.name}>
          <h3>
            {connection.name}
            {connection.status !== 'enabled' && <span className="muted"> ({tt('disabled', lang)})</span>}
          </h3>
          <dl className="integration-facts">
            <dt>{tt('endpoint', lang)}</dt>
            <dd>
              <code>POST {connection.endpoint}</code>{' '}
              <CopyButton
                text={connection.endpoint}
                label={`${tt('copy', lang)}: ${tt('endpoint', lang)}`}
                lang={lang}
              />
            </dd>
            <dt>{tt('header', lang)}</dt>
            <dd>
              <code>{connection.header}</code>
            </dd>
            <dt>{tt('token', lang)}</dt>
            <dd>
              <code data-testid="telephony-token">{connection.token}</code>{' '}
              <CopyButton
                text={connection.token}
                label={`${tt('copy', lang)}: ${tt('token', lang)}`}
                lang={lang}
              />{' '}
              <button type="button" className="danger-text" onClick={() => void regenerate(connection)}>
                {tt('regenerate', lang)}
              </button>
            </dd>
          </dl>
          <p>{tt('example', lang)}</p>
          <pre className="integration-example" aria-label={tt('example', lang)}>
            {connection.example}
          </pre>
          <CopyButton
            text={connection.example}
            label={`${tt('copy', lang)}: ${tt('example', lang)}`}
            lang={lang}
          />
        </article>
      ))}
    </section>
  );
}
