import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts';

/** The list of keyboard shortcuts (opened with ? or the toolbar). */
export function HelpPanel(props: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div
        className="modal help-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">{t('canvas.help.title')}</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([keys, name]) => (
              <tr key={name}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{t(`canvas.help.${name}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="modal-actions">
          <button type="button" onClick={props.onClose} autoFocus>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
