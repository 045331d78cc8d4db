import { useTranslation } from 'react-i18next';

/** The server draft changed elsewhere: the user picks which version to keep (nothing is lost silently). */
export function ConflictDialog(props: { onChoose: (keepMine: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title">
        <h2 id="conflict-title">{t('canvas.save.conflictTitle')}</h2>
        <p>{t('canvas.save.conflictBody')}</p>
        <div className="modal-actions">
          <button type="button" onClick={() => props.onChoose(false)}>
            {t('canvas.save.takeServer')}
          </button>
          <button type="button" className="primary" onClick={() => props.onChoose(true)} autoFocus>
            {t('canvas.save.keepMine')}
          </button>
        </div>
      </div>
    </div>
  );
}
