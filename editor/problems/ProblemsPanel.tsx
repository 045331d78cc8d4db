import { useTranslation } from 'react-i18next';
import type { Problem } from '../api/types';

/** The validation problems, errors first; clicking one focuses its node on the canvas. */
export function ProblemsPanel(props: {
  problems: Problem[];
  onFocus: (nodeId: string) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const errors = props.problems.filter((p) => p.severity === 'error');
  const warnings = props.problems.filter((p) => p.severity === 'warning');
  return (
    <section className="bottom-panel problems-panel" aria-label={t('problems.title')}>
      <header>
        <h2>{t('problems.title')}</h2>
        <span className="muted">
          {t('problems.count', { errors: errors.length, warnings: warnings.length })}
        </span>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.problems.length === 0 ? (
        <p className="muted">{t('problems.none')}</p>
      ) : (
        <ul className="problem-list">
          {[...errors, ...warnings].map((problem, index) => (
            <li key={`${problem.code}-${problem.path}-${index}`}>
              <button
                type="button"
                className={`problem ${problem.severity}`}
                disabled={!problem.nodeId}
                onClick={() => problem.nodeId && props.onFocus(problem.nodeId)}
              >
                <span className={`pill ${problem.severity}`}>{t(`problems.${problem.severity}`)}</span>
                {problem.nodeLabel && <strong>{problem.nodeLabel}</strong>}
                <span>{problem.message[lang]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
