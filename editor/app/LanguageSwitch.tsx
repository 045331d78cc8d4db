import { useTranslation } from 'react-i18next';
import { currentLanguage, switchLanguage } from '../i18n/index';

/** ja / en switch; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('common.language')}>
      <button
        type="button"
        aria-pressed={lang === 'ja'}
        className={lang === 'ja' ? 'selected' : ''}
        onClick={() => void switchLanguage('ja')}
        lang="ja"
      >
        日本語
      </button>
      <button
        type="button"
        aria-pressed={lang === 'en'}
        className={lang === 'en' ? 'selected' : ''}
        onClick={() => void switchLanguage('en')}
        lang="en"
      >
        English
      </button>
    </div>
  );
}
