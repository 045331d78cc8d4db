import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import { loadSample } from './api';
import { rt } from './strings';

/** "Load sample workspace" (POST /api/sample); `onLoaded` refreshes the screen it sits on. */
export function LoadSampleButton(props: { onLoaded?: () => void }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [busy, setBusy] = useState(false);
  const load = async (): Promise<void> => {
    setBusy(true);
    try {
      await loadSample();
      notify(rt('sampleLoaded', lang), 'success');
      props.onLoaded?.();
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" disabled={busy} onClick={() => void load()}>
      {rt('loadSample', lang)}
    </button>
  );
}
