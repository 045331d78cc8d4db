import { useState } from 'react';
import type { SharingSettings } from './api';

const T = {
  step1: { ja: '1. 項目の権限', en: '1. Field permissions' },
  step2: { ja: '2. カスタマイズ', en: '2. Customisation' },
  all: { ja: 'すべて選択', en: 'Select all' },
  field: { ja: '顧客に表示する項目', en: 'Fields the customer sees' },
  contactSub: { ja: '連絡先の項目（OTP のときだけ選べます）', en: 'Contact fields (only with OTP access)' },
  stages: { ja: '表示するステージ', en: 'Stages to show' },
  saveNext: { ja: '保存して次へ', en: 'Save & next' },
  save: { ja: '保存', en: 'Save' },
  back: { ja: '戻る', en: 'Back' },
  orgName: { ja: '組織名', en: 'Organisation name' },
  pageTitle: { ja: 'ページのタイトル', en: 'Page title' },
  hideHistory: { ja: 'ステージ履歴を表示しない', en: 'Hide the stage history' },
  access: { ja: 'アクセスの種類', en: 'Access type' },
  otp: { ja: 'OTP（メールの確認コード）', en: 'OTP (code by e-mail)' },
  open: { ja: 'オープン（リンクだけで表示）', en: 'Open (the link alone)' },
  logo: {
    ja: 'ロゴ（PNG・JPEG・GIF・WebP、256 KB まで）',
    en: 'Logo (PNG, JPEG, GIF or WebP, up to 256 KB)',
  },
} satisfies Record<string, { ja: string; en: string }>;

const ACCESS_TYPES: ReadonlyArray<'otp' | 'open'> = ['otp', 'open'];

function toggle(list: string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((item) => item !== value);
}

/** The two-step sharing permissions editor: fields (select-all, contact sub-fields, stages), then the page. */
export function PermissionsEditor(props: {
  lang: 'ja' | 'en';
  settings: SharingSettings;
  onSave(next: SharingSettings): Promise<void>;
  onLogo(file: File): Promise<void>;
}) {
  const { lang } = props;
  const [step, setStep] = useState<1 | 2>(1);
  const [draft, setDraft] = useState<SharingSettings>(props.settings);
  const keys = draft.available.fields.map((field) => field.key);
  const allChecked = keys.every((key) => draft.fields.includes(key));
  const contactOn = draft.fields.includes('contactId');
  const set = (patch: Partial<SharingSettings>) => setDraft({ ...draft, ...patch });

  if (step === 1) {
    return (
      <section aria-label={T.step1[lang]}>
        <h3>{T.step1[lang]}</h3>
        <table className="sharing-fields">
          <thead>
            <tr>
              <th>
                <label>
                  <input
                    type="checkbox"
                    checked={allChecked}
                    onChange={(event) => set({ fields: event.target.checked ? keys : [] })}
                  />{' '}
                  {T.all[lang]}
                </label>
              </th>
              <th>{T.field[lang]}</th>
            </tr>
          </thead>
          <tbody>
            {draft.available.fields.map((field) => (
              <tr key={field.key}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={field.label[lang]}
                    checked={draft.fields.includes(field.key)}
                    onChange={(event) =>
                      set({ fields: toggle(draft.fields, field.key, event.target.checked) })
                    }
                  />
                </td>
                <td>
                  {field.label[lang]}
                  {field.key === 'contactId' && (
                    <fieldset disabled={!contactOn || draft.access === 'open'}>
                      <legend>{T.contactSub[lang]}</legend>
                      {draft.available.contactFields.map((sub) => (
                        <label key={sub.key}>
                          <input
                            type="checkbox"
                            checked={draft.contactFields.includes(sub.key)}
                            onChange={(event) =>
                              set({
                                contactFields: toggle(draft.contactFields, sub.key, event.target.checked),
                              })
                            }
                          />{' '}
                          {sub.label[lang]}
                        </label>
                      ))}
                    </fieldset>
                  )}
                  {field.key === 'stageId' && (
                    <fieldset disabled={!draft.fields.includes('stageId')}>
                      <legend>{T.stages[lang]}</legend>
                      {draft.available.stages.map((stage) => (
                        <label key={stage.id}>
                          <input
                            type="checkbox"
                            checked={draft.stageIds.includes(stage.id)}
                            onChange={(event) =>
                              set({ stageIds: toggle(draft.stageIds, stage.id, event.target.checked) })
                            }
                          />{' '}
                          {stage.name}
                        </label>
                      ))}
                    </fieldset>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="primary"
          onClick={() => {
            void props.onSave(draft).then(() => setStep(2));
          }}
        >
          {T.saveNext[lang]}
        </button>
      </section>
    );
  }

  return (
    <section aria-label={T.step2[lang]}>
      <h3>{T.step2[lang]}</h3>
      <label>
        {T.logo[lang]}
        <input
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void props.onLogo(file);
          }}
        />
      </label>
      <label>
        {T.orgName[lang]}
        <input
          value={draft.orgName ?? ''}
          maxLength={200}
          onChange={(event) => set({ orgName: event.target.value })}
        />
      </label>
      <label>
        {T.pageTitle[lang]}
        <input
          value={draft.pageTitle ?? ''}
          maxLength={200}
          onChange={(event) => set({ pageTitle: event.target.value })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={draft.hideHistory}
          onChange={(event) => set({ hideHistory: event.target.checked })}
        />{' '}
        {T.hideHistory[lang]}
      </label>
      <fieldset>
        <legend>{T.access[lang]}</legend>
        {ACCESS_TYPES.map((access) => (
          <label key={access}>
            <input
              type="radio"
              name="access"
              checked={draft.access === access}
              onChange={() => set({ access })}
            />{' '}
            {T[access][lang]}
          </label>
        ))}
      </fieldset>
      <button type="button" onClick={() => setStep(1)}>
        {T.back[lang]}
      </button>
      <button type="button" className="primary" onClick={() => void props.onSave(draft)}>
        {T.save[lang]}
      </button>
    </section>
  );
}
