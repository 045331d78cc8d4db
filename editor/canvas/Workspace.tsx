import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunState } from '../../runtime/model/run';
import { ApiError, errorMessage } from '../api/client';
import { getWorkflow, problemsFrom, publishWorkflow, validateDraft } from '../api/endpoints';
import type { Problem, WorkflowDetail } from '../api/types';
import { useNotices } from '../app/notices';
import { navigate } from '../app/route';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { PreviewPanel } from '../chat/PreviewPanel';
import { RunPanel } from '../runs/RunPanel';
import { takenEdgeIds } from '../runs/trace';
import { Autosave } from '../store/autosave';
import { documentToFlow, flowToDocument } from '../store/convert';
import { EditorStore, useEditorSelector } from '../store/editor-store';
import { VersionPanel } from '../versions/VersionPanel';
import { useEditorActions } from './actions';
import { Canvas } from './Canvas';
import { ConflictDialog } from './ConflictDialog';
import { CanvasContext, type CanvasContextValue } from './context';
import type { LoadedWorkflow } from './EditorPage';
import { HelpPanel } from './HelpPanel';
import { OverlayStore } from './overlay';
import { useShortcuts } from './shortcuts';
import { Toolbar } from './Toolbar';
import type { FlowEdge } from '../store/flow-types';

type BottomPanel = 'problems' | 'run' | 'preview' | null;

const selectEdges = (state: { edges: FlowEdge[] }): FlowEdge[] => state.edges;

/** The editing screen: toolbar, palette, canvas, inspector, problems and run panels. */
export function Workspace(props: { loaded: LoadedWorkflow }) {
  const { loaded } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const readOnly = loaded.pastRun !== undefined;
  const [store] = useState(() => new EditorStore(loaded.flow));
  const [overlay] = useState(() => new OverlayStore());
  const [detail, setDetail] = useState<WorkflowDetail>(loaded.detail);
  const [conflict, setConflict] = useState<WorkflowDetail | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [run, setRun] = useState<RunState | null>(loaded.pastRun?.run ?? null);
  const [bottom, setBottom] = useState<BottomPanel>(loaded.pastRun ? 'run' : null);
  const [side, setSide] = useState<'inspector' | 'versions'>('inspector');
  const [helpOpen, setHelpOpen] = useState(false);
  const catalogue = useMemo(() => new Map(loaded.descriptors.map((d) => [d.type, d])), [loaded.descriptors]);
  const actions = useEditorActions({ store, catalogue, readOnly });
  // Not the whole state: dragging changes node positions on every frame, and this is the whole screen.
  const edges = useEditorSelector(store, selectEdges);

  const [autosave] = useState(
    () =>
      new Autosave({
        store,
        workflowId: loaded.detail.id,
        baseUpdatedAt: loaded.detail.updatedAt,
        onConflict: () => void getWorkflow(loaded.detail.id).then(setConflict),
        onSaved: (saved) => setDetail(saved),
      }),
  );
  useEffect(() => {
    autosave.start();
    return () => autosave.dispose();
  }, [autosave]);
  const restoredLocal = useRef(false);

  // A local copy newer than the server's draft: restore it, or ask when the server moved on too.
  useEffect(() => {
    const local = loaded.local;
    if (!local || readOnly || restoredLocal.current) return;
    restoredLocal.current = true;
    if (local.baseUpdatedAt === loaded.detail.updatedAt) {
      store.replace(documentToFlow(local.document), { record: true, dirty: true });
      notify(t('canvas.save.restored'), 'info');
    } else {
      setConflict(loaded.detail);
    }
    // Runs once per loaded workflow (the Workspace is keyed by it).
  }, []);

  // Coming back to the tab: has someone else saved the draft meanwhile?
  useEffect(() => {
    if (readOnly) return;
    const onFocus = (): void => {
      void getWorkflow(loaded.detail.id).then(
        (server) => {
          if (server.updatedAt !== autosave.base && autosave.getStatus() !== 'saving') setConflict(server);
        },
        () => undefined,
      );
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [autosave, loaded.detail.id, readOnly]);

  useEffect(() => overlay.setProblems(problems), [overlay, problems]);
  useEffect(() => {
    if (side !== 'versions') overlay.setDiff({ added: [], changed: [] });
  }, [overlay, side]);
  useEffect(() => overlay.setSteps(run?.steps ?? []), [overlay, run]);
  const takenEdges = useMemo(() => takenEdgeIds(edges, run?.steps ?? []), [edges, run]);

  const resolveConflict = (keepMine: boolean): void => {
    if (!conflict) return;
    if (keepMine) {
      if (loaded.local && store.getSnapshot().revision === 0) {
        store.replace(documentToFlow(loaded.local.document), { record: true, dirty: true });
      }
      autosave.resolve({ baseUpdatedAt: conflict.updatedAt, save: true });
    } else {
      store.replace(documentToFlow(conflict.draft), { record: true, dirty: false });
      autosave.resolve({ baseUpdatedAt: conflict.updatedAt, save: false });
      setDetail(conflict);
    }
    setConflict(null);
  };

  // Problems are checked by the server (the same validateWorkflow that guards publishing) when the
  // editor opens and after every save, so the badges on the nodes are never stale for long.
  const check = useCallback(async (): Promise<void> => {
    try {
      setProblems(await validateDraft(flowToDocument(store.flow)));
    } catch {
      // Offline: keep the last list; the next save checks again.
    }
  }, [store]);
  useEffect(() => {
    if (readOnly) return;
    void check();
    return autosave.subscribeStatus(() => {
      if (autosave.getStatus() === 'saved') void check();
    });
  }, [autosave, check, readOnly]);

  const publish = async (): Promise<void> => {
    try {
      await autosave.saveNow();
      const result = await publishWorkflow(detail.id);
      setProblems(result.warnings);
      setDetail((d) => ({ ...d, latestVersion: result.version }));
      notify(t('canvas.toolbar.published', { version: result.version }), 'success');
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        setProblems(problemsFrom(error.details));
        setBottom('problems');
        notify(t('problems.publishRefused'), 'error');
      } else notify(errorMessage(error, lang), 'error');
    }
  };

  const onEscape = useCallback(() => {
    setHelpOpen(false);
    actions.clearSelection();
  }, [actions]);
  const onSave = useCallback(() => void autosave.saveNow({ force: true }), [autosave]);
  const onRun = useCallback(() => setBottom('run'), []);
  const onHelp = useCallback(() => setHelpOpen((open) => !open), []);
  // The chat preview's run lights the path like a test run; the first answer fits the view to it.
  const onPreviewRun = useCallback(
    (next: RunState | null, first: boolean) => {
      setRun(next);
      if (first && next) window.requestAnimationFrame(() => actions.fitView());
    },
    [actions],
  );
  const onPreviewProblems = useCallback((found: Problem[]) => setProblems(found), []);
  const savePreviewDraft = useCallback(() => autosave.saveNow(), [autosave]);
  useShortcuts({ actions, onSave, onRun, onHelp, onEscape });

  const context = useMemo<CanvasContextValue>(
    () => ({ store, overlay, descriptors: catalogue, readOnly }),
    [store, overlay, catalogue, readOnly],
  );
  const onAdd = useCallback((type: string) => actions.addNode({ type }), [actions]);

  return (
    <CanvasContext.Provider value={context}>
      <div className="workspace">
        <Toolbar
          store={store}
          autosave={autosave}
          actions={actions}
          readOnly={readOnly}
          detail={detail}
          pastRunVersion={loaded.pastRun?.version}
          onPublish={() => void publish()}
          onRun={onRun}
          onPreview={() => setBottom((b) => (b === 'preview' ? null : 'preview'))}
          onHelp={onHelp}
          onHistory={() => setSide((s) => (s === 'versions' ? 'inspector' : 'versions'))}
          onProblems={() => {
            void check();
            setBottom((b) => (b === 'problems' ? null : 'problems'));
          }}
          problemCount={problems.length}
          onBackToDraft={() => navigate({ name: 'editor', id: detail.id })}
        />
        <div className="workspace-body">
          <Palette descriptors={loaded.descriptors} onAdd={onAdd} disabled={readOnly} />
          <div className="workspace-center">
            <Canvas
              store={store}
              catalogue={catalogue}
              actions={actions}
              readOnly={readOnly}
              takenEdges={takenEdges}
            />
            {bottom === 'problems' && (
              <ProblemsPanel
                problems={problems}
                onFocus={actions.focusNode}
                onClose={() => setBottom(null)}
              />
            )}
            {bottom === 'preview' && !readOnly && (
              <PreviewPanel
                workflowId={detail.id}
                catalogue={catalogue}
                getNodes={() => store.flow.nodes}
                beforeStart={savePreviewDraft}
                onRun={onPreviewRun}
                onFocus={actions.focusNode}
                onProblems={onPreviewProblems}
                onClose={() => {
                  setBottom(null);
                  setRun(null);
                }}
              />
            )}
            {bottom === 'run' && (
              <RunPanel
                workflowId={detail.id}
                run={run}
                readOnly={readOnly}
                catalogue={catalogue}
                getNodes={() => store.flow.nodes}
                beforeRun={() => autosave.saveNow()}
                onRun={(next) => {
                  setRun(next);
                  // The panel took room from the canvas: show the whole path the run took.
                  window.requestAnimationFrame(() => actions.fitView());
                }}
                onFocus={actions.focusNode}
                onProblems={(found) => {
                  setProblems(found);
                  setBottom('problems');
                }}
                onClose={() => {
                  setBottom(null);
                  if (!readOnly) setRun(null);
                }}
              />
            )}
          </div>
          {side === 'versions' ? (
            <VersionPanel
              workflowId={detail.id}
              activeVersion={detail.activeVersion}
              latestVersion={detail.latestVersion}
              current={() => flowToDocument(store.flow)}
              onRestore={(document) => {
                overlay.setDiff({ added: [], changed: [] });
                store.replace(documentToFlow(document), { record: true, dirty: true });
                setSide('inspector');
              }}
              onClose={() => setSide('inspector')}
              onCompare={(diff) => overlay.setDiff(diff?.nodes ?? { added: [], changed: [] })}
            />
          ) : (
            <Inspector
              store={store}
              catalogue={catalogue}
              readOnly={readOnly}
              lastRun={run}
              problems={problems}
            />
          )}
        </div>
      </div>
      {helpOpen && <HelpPanel onClose={() => setHelpOpen(false)} />}
      {conflict && <ConflictDialog onChoose={resolveConflict} />}
    </CanvasContext.Provider>
  );
}
