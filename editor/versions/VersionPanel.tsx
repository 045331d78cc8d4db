import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowDocument } from '../../runtime/model/workflow';
import { errorMessage } from '../api/client';
import { getVersion, listVersions } from '../api/endpoints';
import type { VersionSummary } from '../api/types';
import { formatDate } from '../app/format';
import { useNotices } from '../app/notices';
import { diffDocuments, type DocumentDiff } from './diff';

/** Published versions: compare one with the draft, or restore it as the draft (undoable). */
export function VersionPanel(props: {
  workflowId: string;
  activeVersion: number | null;
  latestVersion: number;
  current: () => WorkflowDocument;
  onRestore: (document: WorkflowDocument) => void;
  onClose: () => void;
  /** Highlights on the canvas what the draft added or changed since the compared version. */
  onCompare: (diff: DocumentDiff | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify, confirm } = useNotices();
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [diff, setDiff] = useState<{
    version: number;
    diff: DocumentDiff;
    labels: Map<string, string>;
  } | null>(null);

  useEffect(() => {
    listVersions(props.workflowId).then(
      (list) => setVersions([...list].sort((a, b) => b.version - a.version)),
      (error: unknown) => {
        notify(errorMessage(error, lang), 'error');
        setVersions([]);
      },
    );
  }, [props.workflowId, props.latestVersion, notify, lang]);

  const restore = async (version: number): Promise<void> => {
    if (
      !(await confirm({
        text: t('versions.confirmRestore', { n: version }),
        confirmLabel: t('versions.restore'),
      }))
    )
      return;
    try {
      props.onRestore(await getVersion({ id: props.workflowId, version }));
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
  };

  const compare = async (version: number): Promise<void> => {
    try {
      const old = await getVersion({ id: props.workflowId, version });
      const draft = props.current();
      const labels = new Map([...old.nodes, ...draft.nodes].map((n) => [n.id, n.label || n.id]));
      const found = diffDocuments(old, draft);
      setDiff({ version, diff: found, labels });
      props.onCompare(found);
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
  };

  return (
    <aside className="side-panel versions-panel" aria-label={t('versions.title')}>
      <header>
        <h2>{t('versions.title')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          onClick={() => {
            props.onCompare(null);
            props.onClose();
          }}
        >
          ×
        </button>
      </header>
      {versions === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : versions.length === 0 ? (
        <p className="muted">{t('versions.empty')}</p>
      ) : (
        <ul className="version-list">
          {versions.map((v) => (
            <li key={v.version}>
              <div>
                <strong>{t('versions.version', { n: v.version })}</strong>
                {props.activeVersion === v.version && (
                  <span className="pill success">{t('versions.active')}</span>
                )}
              </div>
              <div className="muted small">
                {t('versions.publishedAt', { date: formatDate(v.createdAt, lang) })}
              </div>
              <div className="row-actions">
                <button type="button" onClick={() => void compare(v.version)}>
                  {t('versions.compare')}
                </button>
                <button type="button" onClick={() => void restore(v.version)}>
                  {t('versions.restore')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {diff && <DiffView {...diff} />}
    </aside>
  );
}

function DiffView(props: { version: number; diff: DocumentDiff; labels: Map<string, string> }) {
  const { t } = useTranslation();
  const { nodes, edges } = props.diff;
  const empty =
    nodes.added.length +
      nodes.removed.length +
      nodes.changed.length +
      edges.added.length +
      edges.removed.length ===
    0;
  const name = (id: string): string => props.labels.get(id) ?? id;
  return (
    <section className="diff" aria-label={t('versions.diffTitle', { n: props.version })}>
      <h3>{t('versions.diffTitle', { n: props.version })}</h3>
      {empty && <p className="muted">{t('versions.noDiff')}</p>}
      <ul>
        {nodes.added.map((id) => (
          <li key={`a-${id}`} className="diff-added">
            + {t('versions.nodes')}: {name(id)}
          </li>
        ))}
        {nodes.removed.map((id) => (
          <li key={`r-${id}`} className="diff-removed">
            − {t('versions.nodes')}: {name(id)}
          </li>
        ))}
        {nodes.changed.map((id) => (
          <li key={`c-${id}`} className="diff-changed">
            ~ {t('versions.nodes')}: {name(id)}
          </li>
        ))}
        {edges.added.map((key) => (
          <li key={`ea-${key}`} className="diff-added">
            + {t('versions.edges')}: {key}
          </li>
        ))}
        {edges.removed.map((key) => (
          <li key={`er-${key}`} className="diff-removed">
            − {t('versions.edges')}: {key}
          </li>
        ))}
      </ul>
    </section>
  );
}
