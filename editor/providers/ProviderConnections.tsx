import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import {
  fetchProviderConnections,
  startAuthorisation,
  testProviderConnection,
  type ProviderConnection,
} from './api';
import { ZohoFieldMapping } from './ZohoFieldMapping';
import { pt } from './strings';

/**
 * Zoho and Salesforce connections: whether each works (a token Zoho or Salesforce refused during a
 * run shows it as broken, with the reason), a test, re-authorisation, and Zoho's field mapping.
 */
export function ProviderConnections() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [connections, setConnections] = useState<ProviderConnection[] | null>(null);
  const [mapping, setMapping] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchProviderConnections().then(setConnections, (e: unknown) => notify(errorMessage(e, lang), 'error'));
  }, [lang, notify]);
  useEffect(load, [load]);

  const test = async (id: string): Promise<void> => {
    try {
      await testProviderConnection(id);
    } catch (e) {
      notify(errorMessage(e, lang), 'error');
    }
    load();
  };

  const authorise = async (id: string): Promise<void> => {
    try {
      window.location.assign(await startAuthorisation(id));
    } catch (e) {
      notify(errorMessage(e, lang), 'error');
    }
  };

  return (
    <section className="integration-section" aria-labelledby="provider-connections-title">
      <h2 id="provider-connections-title">{pt('title', lang)}</h2>
      <p className="muted">{pt('help', lang)}</p>
      {connections && connections.length === 0 && <p className="muted">{pt('none', lang)}</p>}
      {(connections ?? []).map((connection) => (
        <article key={connection.id} className="integration-card" aria-label={connection.name}>
          <h3>
            {connection.name}{' '}
            <span className="muted">({connection.type === 'zoho' ? 'Zoho' : 'Salesforce'})</span>
          </h3>
          <p data-testid={`connection-state-${connection.id}`}>
            {connection.status !== 'enabled' ? (
              <span className="muted">{pt('disabled', lang)}</span>
            ) : !connection.lastTest ? (
              <span className="muted">{pt('untested', lang)}</span>
            ) : connection.lastTest.ok ? (
              <span>{pt('ok', lang)}</span>
            ) : (
              <span className="form-error" role="status">
                {pt('broken', lang)}
                {connection.lastTest.message ? `: ${connection.lastTest.message}` : ''}
              </span>
            )}
          </p>
          <div className="inline-form">
            <button type="button" onClick={() => void test(connection.id)}>
              {pt('test', lang)}
            </button>
            <button type="button" onClick={() => void authorise(connection.id)}>
              {pt('authorise', lang)}
            </button>
            {connection.type === 'zoho' && (
              <button
                type="button"
                aria-expanded={mapping === connection.id}
                onClick={() => setMapping(mapping === connection.id ? null : connection.id)}
              >
                {pt('mapping', lang)}
              </button>
            )}
          </div>
          {mapping === connection.id && <ZohoFieldMapping connectionId={connection.id} lang={lang} />}
        </article>
      ))}
    </section>
  );
}
