import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { kintoneApi, type KintoneSync, type MappingProblem, type SyncInput } from './api';
import { kt } from './strings';

const CUSTOMER_KEYS = [
  ['phone', 'phone', '電話番号'],
  ['name', 'personName', '顧客名'],
  ['company', 'company', '会社名'],
  ['email', 'email', 'メールアドレス'],
] as const;

const HISTORY_KEYS = [
  ['phone', 'phone', '電話番号'],
  ['direction', 'direction', '発着信'],
  ['startedAt', 'startedAt', '開始日時'],
  ['durationSec', 'durationSec', '通話秒数'],
  ['recordings', 'recordings', '録音URL'],
  ['user', 'user', '担当者'],
  ['callId', 'callId', '通話ID'],
] as const;

const EVENTS = ['inbound', 'outbound', 'missed', 'voicemail', 'internal'] as const;
const DEFAULT_EVENTS: readonly string[] = ['inbound', 'outbound', 'missed', 'voicemail'];

/** Field codes typed by the user, prefilled with the template apps' codes. */
function defaults(keys: ReadonlyArray<readonly [string, string, string]>): Record<string, string> {
  return Object.fromEntries(keys.map(([key, , code]) => [key, code]));
}

function filled(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, code]) => code.trim() !== ''));
}

/**
 * The customer-sync form: the customer app and its field codes, "create customer", the optional
 * call-history block (revealed by its checkbox) with the notification events, "Check mapping"
 * and "Integrate" (save and start the first import). Mapping problems are listed by field.
 */
export function SyncForm(props: {
  connectionId: string;
  appId: string;
  lang: 'ja' | 'en';
  onStarted: (sync: KintoneSync) => void;
}) {
  const { lang } = props;
  const [appId, setAppId] = useState(props.appId);
  const [customer, setCustomer] = useState(() => defaults(CUSTOMER_KEYS));
  const [createCustomer, setCreateCustomer] = useState(false);
  const [withHistory, setWithHistory] = useState(false);
  const [historyAppId, setHistoryAppId] = useState('');
  const [history, setHistory] = useState(() => defaults(HISTORY_KEYS));
  const [events, setEvents] = useState<string[]>([...DEFAULT_EVENTS]);
  const [problems, setProblems] = useState<MappingProblem[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const input = (): SyncInput => ({
    connectionId: props.connectionId,
    customer: { appId: appId.trim(), fields: { ...filled(customer), phone: customer.phone ?? '' } },
    createCustomer,
    ...(withHistory
      ? {
          callHistory: {
            appId: historyAppId.trim(),
            fields: { ...filled(history), phone: history.phone ?? '' },
            events,
          },
        }
      : {}),
  });

  const check = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const found = await kintoneApi.validate(input(), lang);
      setProblems(found.problems);
      if (found.problems.length === 0)
        setMessage({ ok: true, text: kt('checkOk', lang, { field: found.updatedTimeField }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e, lang) });
    } finally {
      setBusy(false);
    }
  };

  const integrate = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const sync = await kintoneApi.integrate(input(), lang);
      setProblems([]);
      props.onStarted(sync);
    } catch (e) {
      const listed = e instanceof ApiError ? kintoneApi.problemsOf(e.details) : [];
      setProblems(listed);
      setMessage({ ok: false, text: errorMessage(e, lang) });
    } finally {
      setBusy(false);
    }
  };

  const codeInputs = (
    keys: ReadonlyArray<readonly [string, string, string]>,
    values: Record<string, string>,
    set: (next: Record<string, string>) => void,
    prefix: string,
  ) =>
    keys.map(([key, labelKey]) => (
      <label key={key} className="field">
        <span>{kt(labelKey, lang)}</span>
        <input
          aria-label={`${prefix}: ${kt(labelKey, lang)}`}
          maxLength={128}
          required={key === 'phone'}
          value={values[key] ?? ''}
          onChange={(e) => set({ ...values, [key]: e.target.value })}
        />
      </label>
    ));

  const customerPrefix = kt('customerApp', lang);
  const historyPrefix = kt('callHistoryApp', lang);
  return (
    <form className="kintone-sync-form" onSubmit={(e) => void integrate(e)}>
      <h4>{kt('syncTitle', lang)}</h4>
      <fieldset>
        <legend>{customerPrefix}</legend>
        <label className="field">
          <span>{kt('appId', lang)}</span>
          <input
            aria-label={`${customerPrefix}: ${kt('appId', lang)}`}
            required
            pattern="[0-9]{1,10}"
            value={appId}
            onChange={(e) => setAppId(e.target.value)}
          />
          <small className="muted">{kt('appIdHelp', lang)}</small>
        </label>
        <p className="muted small">{kt('fieldCodesHelp', lang)}</p>
        {codeInputs(CUSTOMER_KEYS, customer, setCustomer, customerPrefix)}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={createCustomer}
          onChange={(e) => setCreateCustomer(e.target.checked)}
        />{' '}
        {kt('createCustomer', lang)}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={withHistory} onChange={(e) => setWithHistory(e.target.checked)} />{' '}
        {kt('callHistory', lang)}
      </label>
      {withHistory && (
        <fieldset>
          <legend>{historyPrefix}</legend>
          <p className="muted small">{kt('callHistoryHelp', lang)}</p>
          <label className="field">
            <span>{kt('appId', lang)}</span>
            <input
              aria-label={`${historyPrefix}: ${kt('appId', lang)}`}
              required
              pattern="[0-9]{1,10}"
              value={historyAppId}
              onChange={(e) => setHistoryAppId(e.target.value)}
            />
          </label>
          {codeInputs(HISTORY_KEYS, history, setHistory, historyPrefix)}
          <fieldset>
            <legend>{kt('events', lang)}</legend>
            {EVENTS.map((name) => (
              <label key={name} className="checkbox">
                <input
                  type="checkbox"
                  checked={events.includes(name)}
                  onChange={(e) =>
                    setEvents((current) =>
                      e.target.checked ? [...current, name] : current.filter((item) => item !== name),
                    )
                  }
                />{' '}
                {kt(`event_${name}`, lang)}
              </label>
            ))}
          </fieldset>
        </fieldset>
      )}
      {problems.length > 0 && (
        <div className="form-error" role="alert">
          <p>{kt('problems', lang)}</p>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.code}-${problem.field}`}>{problem.message}</li>
            ))}
          </ul>
        </div>
      )}
      {message && problems.length === 0 && (
        <p className={message.ok ? 'muted' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => void check()}>
          {kt('check', lang)}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {kt('integrate', lang)}
        </button>
      </div>
    </form>
  );
}
