import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowDetail } from '../api/types';
import type { Autosave } from '../store/autosave';
import { type EditorStore, useEditorSelector } from '../store/editor-store';
import type { EditorActions } from './actions';

/** The top bar of the editor: name, save state, edit tools, history, run and publish. */
export function Toolbar(props: {
  store: EditorStore;
  autosave: Autosave;
  actions: EditorActions;
  readOnly: boolean;
  detail: WorkflowDetail;
  pastRunVersion: number | null | undefined;
  onPublish: () => void;
  onRun: () => void;
  /** Opens the chat preview (shown for workflows with a chat trigger). */
  onPreview: () => void;
  onHelp: () => void;
  onHistory: () => void;
  onProblems: () => void;
  problemCount: number;
  onBackToDraft: () => void;
}) {
  const { t } = useTranslation();
  const { store, actions, readOnly } = props;
  const name = useEditorSelector(store, (s) => s.meta.name);
  const canUndo = useEditorSelector(store, (s) => s.canUndo);
  const canRedo = useEditorSelector(store, (s) => s.canRedo);
  const isBot = useEditorSelector(store, (s) =>
    s.nodes.some((n) => n.type === 'step' && n.data.type === 'trigger.chat'),
  );
  const status = useSyncExternalStore(props.autosave.subscribeStatus, props.autosave.getStatus);
  const [draftName, setDraftName] = useState(name);
  useEffect(() => setDraftName(name), [name]);

  return (
    <div className="toolbar" role="toolbar" aria-label={t('canvas.toolbar.rename')}>
      <input
        className="workflow-name"
        aria-label={t('canvas.toolbar.rename')}
        value={draftName}
        readOnly={readOnly}
        onChange={(e) => {
          setDraftName(e.target.value);
          if (e.target.value.trim()) store.setMeta({ ...store.flow.meta, name: e.target.value }, 'name');
        }}
      />
      {readOnly ? (
        <>
          <span className="pill warning">
            {props.pastRunVersion
              ? t('runs.viewing', { version: props.pastRunVersion })
              : t('runs.viewingDraft')}
          </span>
          <button type="button" onClick={props.onBackToDraft}>
            {t('runs.backToDraft')}
          </button>
        </>
      ) : (
        <span className={`save-status save-${status}`} data-testid="save-status" data-status={status}>
          {t(`canvas.save.${status === 'conflict' ? 'conflictTitle' : status}`)}
        </span>
      )}
      <div className="toolbar-group">
        <button type="button" onClick={actions.undo} disabled={readOnly || !canUndo} title="Ctrl+Z">
          {t('canvas.toolbar.undo')}
        </button>
        <button type="button" onClick={actions.redo} disabled={readOnly || !canRedo} title="Ctrl+Shift+Z">
          {t('canvas.toolbar.redo')}
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" onClick={actions.addNote} disabled={readOnly}>
          {t('canvas.toolbar.note')}
        </button>
        <button type="button" onClick={() => void actions.layout()} disabled={readOnly} title="Shift+L">
          {t('canvas.toolbar.layout')}
        </button>
        <button type="button" onClick={actions.fitView} title="Shift+1">
          {t('canvas.toolbar.fit')}
        </button>
        <button type="button" onClick={props.onHelp} title="?">
          {t('canvas.toolbar.help')}
        </button>
      </div>
      <div className="toolbar-group toolbar-end">
        <button type="button" onClick={props.onProblems} data-testid="problems-button">
          {t('problems.title')}
          {props.problemCount > 0 && <span className="count">{props.problemCount}</span>}
        </button>
        <button type="button" onClick={props.onHistory}>
          {t('canvas.toolbar.versions')}
        </button>
        <a className="button" href={`#/executions?workflow=${encodeURIComponent(props.detail.id)}`}>
          {t('canvas.toolbar.executions')}
        </a>
        {isBot && !readOnly && (
          <button type="button" onClick={props.onPreview} title={t('preview.openHint')}>
            {t('preview.open')}
          </button>
        )}
        <button type="button" onClick={props.onRun} title="Ctrl+Enter">
          {t('canvas.toolbar.run')}
        </button>
        <button type="button" className="primary" onClick={props.onPublish} disabled={readOnly}>
          {t('canvas.toolbar.publish')}
        </button>
      </div>
    </div>
  );
}
