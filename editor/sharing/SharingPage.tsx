import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { formatDate } from '../app/format';
import { useNotices } from '../app/notices';
import {
  getSettings,
  listPipelines,
  listRecords,
  listShared,
  saveSettings,
  sendShareMail,
  setEnabled,
  shareRecord,
  unshareRecord,
  uploadLogo,
} from './api';
import type { PipelineItem, RecordItem, SharedItem, ShareResult, SharingSettings } from './api';
import { PermissionsEditor } from './PermissionsEditor';

const T = {
  title: { ja: '外部共有', en: 'External sharing' },
  pipeline: { ja: 'パイプライン', en: 'Pipeline' },
  enable: { ja: '外部共有を有効にする', en: 'Enable external sharing' },
  disable: { ja: '共有を無効にする', en: 'Disable sharing' },
  disableConfirm: {
    ja: 'このパイプラインのすべての共有リンクが無効になります。再度有効にしてもリンクは戻りません。',
    en: 'Every share link of this pipeline stops working. Enabling sharing again does not bring them back.',
  },
  off: { ja: 'このパイプラインでは外部共有が無効です。', en: 'External sharing is off for this pipeline.' },
  records: { ja: 'レコード', en: 'Records' },
  shared: { ja: 'すべての外部共有', en: 'All externally shared' },
  sharedBy: { ja: '共有者', en: 'Shared by' },
  sharedAt: { ja: '共有日時', en: 'Shared at' },
  share: { ja: '共有', en: 'Share' },
  unshare: { ja: '共有を解除', en: 'Unshare' },
  explain: {
    ja: '顧客は公開ページで、許可した項目とステージだけを閲覧できます（編集はできません）。OTP の場合、レコードのメールアドレスに届く確認コードが必要です。',
    en: 'The customer sees only the permitted fields and stages on a read-only public page. With OTP they need a code sent to the record’s e-mail.',
  },
  confirmShare: { ja: '共有する', en: 'Share' },
  link: { ja: '共有リンク（この画面でのみ表示されます）', en: 'Share link (shown only now)' },
  copy: { ja: 'コピー', en: 'Copy' },
  to: { ja: '宛先', en: 'To' },
  subject: { ja: '件名', en: 'Subject' },
  body: { ja: '本文', en: 'Message' },
  send: { ja: 'メールを送信', en: 'Send e-mail' },
  sent: { ja: 'メールを送信しました。', en: 'The e-mail was sent.' },
  close: { ja: '閉じる', en: 'Close' },
} satisfies Record<string, { ja: string; en: string }>;

/** Sharing per pipeline: the switch, permissions, the records with their share icons, and all shared. */
export function SharingPage() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify, confirm } = useNotices();
  const [pipelines, setPipelines] = useState<PipelineItem[]>([]);
  const [pipeline, setPipeline] = useState<PipelineItem | undefined>();
  const [settings, setSettings] = useState<SharingSettings | undefined>();
  const [records, setRecords] = useState<RecordItem[]>([]);
  const [shared, setShared] = useState<SharedItem[]>([]);
  const [dialog, setDialog] = useState<{ record: RecordItem; result?: ShareResult } | undefined>();
  const fail = useCallback((error: unknown) => notify(errorMessage(error, lang), 'error'), [notify, lang]);

  useEffect(() => {
    listPipelines()
      .then((items) => {
        setPipelines(items);
        setPipeline(items[0]);
      })
      .catch(fail);
  }, [fail]);

  const reload = useCallback(async () => {
    if (!pipeline) return;
    try {
      const [nextSettings, nextRecords, nextShared] = await Promise.all([
        getSettings(pipeline.id),
        listRecords(pipeline),
        listShared(pipeline.id),
      ]);
      setSettings(nextSettings);
      setRecords(nextRecords);
      setShared(nextShared);
    } catch (error) {
      fail(error);
    }
  }, [pipeline, fail]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const sharedIds = new Set(shared.map((item) => item.recordId));
  const run = (action: () => Promise<unknown>) => () => {
    action().then(reload, fail);
  };

  return (
    <div className="sharing-page">
      <h2>{T.title[lang]}</h2>
      <label>
        {T.pipeline[lang]}{' '}
        <select
          value={pipeline?.id ?? ''}
          onChange={(event) => setPipeline(pipelines.find((p) => p.id === event.target.value))}
        >
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {pipeline && settings && !settings.enabled && (
        <p>
          {T.off[lang]}{' '}
          <button type="button" className="primary" onClick={run(() => setEnabled(pipeline.id, true))}>
            {T.enable[lang]}
          </button>
        </p>
      )}
      {pipeline && settings?.enabled && (
        <>
          <button
            type="button"
            onClick={() => {
              void confirm({
                text: T.disableConfirm[lang],
                confirmLabel: T.disable[lang],
                danger: true,
              }).then((ok) => {
                if (ok) run(() => setEnabled(pipeline.id, false))();
              });
            }}
          >
            {T.disable[lang]}
          </button>
          <PermissionsEditor
            key={pipeline.id}
            lang={lang}
            settings={settings}
            onSave={async (next) => {
              try {
                setSettings(await saveSettings(pipeline.id, next));
              } catch (error) {
                fail(error);
                throw error;
              }
            }}
            onLogo={(file) => uploadLogo(pipeline.id, file).then(reload, fail)}
          />
          <h3>{T.records[lang]}</h3>
          <ul className="sharing-records">
            {records.map((record) => {
              const on = sharedIds.has(record.id);
              return (
                <li key={record.id}>
                  <button
                    type="button"
                    className={on ? 'share-icon share-icon-on' : 'share-icon'}
                    style={{ color: on ? '#16a34a' : '#9ca3af' }}
                    aria-pressed={on}
                    title={on ? T.unshare[lang] : T.share[lang]}
                    onClick={on ? run(() => unshareRecord(record.id)) : () => setDialog({ record })}
                  >
                    ⤴ {on ? T.unshare[lang] : T.share[lang]}
                  </button>{' '}
                  {record.name}
                </li>
              );
            })}
          </ul>
          <h3>{T.shared[lang]}</h3>
          <table>
            <thead>
              <tr>
                <th>{T.records[lang]}</th>
                <th>{T.sharedBy[lang]}</th>
                <th>{T.sharedAt[lang]}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shared.map((item) => (
                <tr key={item.recordId}>
                  <td>{item.recordName}</td>
                  <td>{item.sharedByLabel}</td>
                  <td>{formatDate(item.sharedAt, lang)}</td>
                  <td>
                    <button type="button" onClick={run(() => unshareRecord(item.recordId))}>
                      {T.unshare[lang]}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {dialog && (
        <ShareDialog
          lang={lang}
          record={dialog.record}
          result={dialog.result}
          onShare={() =>
            shareRecord(dialog.record.id).then((result) => {
              setDialog({ record: dialog.record, result });
              return reload();
            }, fail)
          }
          onSend={(mail) =>
            sendShareMail({ recordId: dialog.record.id, ...mail }).then(
              () => notify(T.sent[lang], 'success'),
              fail,
            )
          }
          onClose={() => setDialog(undefined)}
        />
      )}
    </div>
  );
}

function ShareDialog(props: {
  lang: 'ja' | 'en';
  record: RecordItem;
  result: ShareResult | undefined;
  onShare(): Promise<void>;
  onSend(mail: { to?: string; subject: string; text: string }): Promise<void>;
  onClose(): void;
}) {
  const { lang, result } = props;
  const [to, setTo] = useState(result?.draft.to ?? '');
  const [subject, setSubject] = useState(result?.draft.subject ?? '');
  const [text, setText] = useState(result?.draft.text ?? '');
  useEffect(() => {
    if (!result) return;
    setTo(result.draft.to ?? '');
    setSubject(result.draft.subject);
    setText(result.draft.text);
  }, [result]);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={`${T.share[lang]}: ${props.record.name}`}
      className="dialog"
    >
      <h3>
        {T.share[lang]}: {props.record.name}
      </h3>
      {!result && (
        <>
          <p>{T.explain[lang]}</p>
          <button type="button" className="primary" onClick={() => void props.onShare()}>
            {T.confirmShare[lang]}
          </button>
        </>
      )}
      {result && (
        <>
          <label>
            {T.link[lang]}
            <input readOnly value={result.url} onFocus={(event) => event.target.select()} />
          </label>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(result.url)}>
            {T.copy[lang]}
          </button>
          <label>
            {T.to[lang]}
            <input type="email" value={to} onChange={(event) => setTo(event.target.value)} />
          </label>
          <label>
            {T.subject[lang]}
            <input value={subject} onChange={(event) => setSubject(event.target.value)} />
          </label>
          <label>
            {T.body[lang]}
            <textarea rows={6} value={text} onChange={(event) => setText(event.target.value)} />
          </label>
          <button
            type="button"
            className="primary"
            onClick={() => void props.onSend({ ...(to ? { to } : {}), subject, text })}
          >
            {T.send[lang]}
          </button>
        </>
      )}
      <button type="button" onClick={props.onClose}>
        {T.close[lang]}
      </button>
    </div>
  );
}
