import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import { kintoneApi, type KintoneConnection, type KintoneSync } from './api';
import { kt } from './strings';
import { SyncForm } from './SyncForm';
import { SyncProgressView } from './SyncProgressView';

const EMPTY = { name: '', domain: '', appId: '', tokens: '', basicUser: '', basicPassword: '' };

/** The kintone connections: add one (domain, app, tokens, Basic auth), test it, set up its sync. */
export function KintoneConnections() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [connections, setConnections] = useState<KintoneConnection[] | null>(null);
  const [form, setForm] = useState(EMPTY);

  const load = useCallback(() => {
    kintoneApi.connections().then(setConnections, (e: unknown) => notify(errorMessage(e, lang), 'error'));
  }, [lang, notify]);
  useEffect(load, [load]);

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      await kintoneApi.createConnection(form);
      setForm(EMPTY);
      load();
    } catch (e) {
      notify(errorMessage(e, lang), 'error');
    }
  };

  const input = (key: keyof typeof EMPTY, label: string, extra: Record<string, unknown> = {}) => (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={`${kt('newConnection', lang)}: ${label}`}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        {...extra}
      />
    </label>
  );

  return (
    <section className="integration-section" aria-labelledby="kintone-connections-title">
      <h2 id="kintone-connections-title">{kt('title', lang)}</h2>
      <p className="muted">{kt('help', lang)}</p>
      <p>
        <a href="/api/kintone/template" download>
          {kt('template', lang)}
        </a>{' '}
        <span className="muted small">{kt('templateHelp', lang)}</span>
      </p>
      {connections && connections.length === 0 && <p className="muted">{kt('noConnections', lang)}</p>}
      {(connections ?? []).map((connection) => (
        <ConnectionCard key={connection.id} connection={connection} lang={lang} />
      ))}
      <form className="kintone-connection-form" onSubmit={(e) => void add(e)}>
        <h3>{kt('newConnection', lang)}</h3>
        {input('name', kt('name', lang), { required: true, maxLength: 200 })}
        {input('domain', kt('domain', lang), { required: true, placeholder: kt('domainHelp', lang) })}
        {input('appId', kt('appId', lang), { pattern: '[0-9]{1,10}', placeholder: '14' })}
        {input('tokens', kt('tokens', lang), { required: true, type: 'password', autoComplete: 'off' })}
        <small className="muted">{kt('tokensHelp', lang)}</small>
        {input('basicUser', kt('basicUser', lang), { autoComplete: 'off' })}
        {input('basicPassword', kt('basicPassword', lang), { type: 'password', autoComplete: 'off' })}
        <button type="submit" className="primary">
          {kt('add', lang)}
        </button>
      </form>
    </section>
  );
}

function ConnectionCard(props: { connection: KintoneConnection; lang: 'ja' | 'en' }) {
  const { connection, lang } = props;
  const [syncs, setSyncs] = useState<KintoneSync[] | null>(null);
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);

  useEffect(() => {
    kintoneApi
      .syncs(connection.id)
      .then(setSyncs, (e: unknown) => setTest({ ok: false, message: errorMessage(e, lang) }));
  }, [connection.id, lang]);

  const runTest = async (): Promise<void> => {
    try {
      setTest(await kintoneApi.test(connection.id, connection.appId, lang));
    } catch (e) {
      setTest({ ok: false, message: errorMessage(e, lang) });
    }
  };

  return (
    <article className="integration-card" aria-label={connection.name}>
      <h3>
        {connection.name}
        {connection.status !== 'enabled' && <span className="muted"> ({kt('disabled', lang)})</span>}
      </h3>
      <p className="muted">
        {connection.domain}
        {connection.appId && ` · ${kt('appId', lang)} ${connection.appId}`}
      </p>
      <button type="button" onClick={() => void runTest()}>
        {kt('test', lang)}
      </button>
      {test && (
        <p className={test.ok ? 'muted' : 'form-error'} role="status">
          {test.message}
        </p>
      )}
      {syncs?.map((sync) => (
        <SyncProgressView key={sync.id} initial={sync} lang={lang} />
      ))}
      {syncs && syncs.length === 0 && (
        <SyncForm
          connectionId={connection.id}
          appId={connection.appId}
          lang={lang}
          onStarted={(sync) => setSyncs([sync])}
        />
      )}
    </article>
  );
}
