import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunState } from '../../runtime/model/run';
import type { Problem } from '../api/types';
import { branchLabel, branchesOf } from '../canvas/branches';
import { CATEGORY_COLORS, CategoryIcon } from '../canvas/icons';
import { updateStep, type Catalogue } from '../canvas/operations';
import { type EditorStore, sameItems, useEditorSelector } from '../store/editor-store';
import type { FlowEdge, FlowNode, StepData } from '../store/flow-types';
import { journal } from '../store/journal';
import { VariableContext, type VariableContextValue } from './variable-context';
import { availableVariables } from './variables';

// The form library (and its Ajv) loads when the first node is opened, not with the page.
const ConfigForm = lazy(() => import('./ConfigForm'));

/** The right-hand panel: label, on/off and the config form of the selected node. */
export function Inspector(props: {
  store: EditorStore;
  catalogue: Catalogue;
  readOnly: boolean;
  lastRun: RunState | null;
  problems: readonly Problem[];
}) {
  const { t } = useTranslation();
  // Selection and the selected node's data only: moving nodes must not re-render the form.
  const selected = useEditorSelector(props.store, selectSelectedIds, sameItems);
  const onlyId = selected.length === 1 ? selected[0] : undefined;
  const data = useEditorSelector(props.store, (s) => stepData(s.nodes, onlyId));

  return (
    <aside className="side-panel inspector" aria-label={t('canvas.inspector.title')} data-testid="inspector">
      {onlyId && data ? (
        <StepInspector key={onlyId} {...props} nodeId={onlyId} data={data} />
      ) : (
        <p className="muted">
          {selected.length > 1
            ? t('canvas.inspector.multiple', { count: selected.length })
            : t('canvas.inspector.empty')}
        </p>
      )}
    </aside>
  );
}

function StepInspector(props: {
  store: EditorStore;
  catalogue: Catalogue;
  readOnly: boolean;
  lastRun: RunState | null;
  problems: readonly Problem[];
  nodeId: string;
  data: StepData;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { store, catalogue, data: nodeData, nodeId } = props;
  const node = { id: nodeId, data: nodeData };
  const descriptor = catalogue.get(nodeData.type);
  const edges = useEditorSelector(store, selectEdges);
  const [sample, setSample] = useState<unknown>(undefined);

  useEffect(() => {
    void journal.readSample(store.flow.meta.id).then((text) => {
      if (text === undefined) return;
      try {
        setSample(JSON.parse(text));
      } catch {
        // A broken sample simply offers no example values.
      }
    });
  }, [store]);

  const update = useCallback(
    (change: (data: StepData) => StepData, coalesce: string) =>
      store.change((flow) => updateStep(flow, { id: nodeId, update: change }), { coalesce }),
    [store, nodeId],
  );

  const dataList = useEditorSelector(store, selectDataList, sameItems);
  const variables = useMemo<VariableContextValue>(
    () => ({
      options: availableVariables({
        nodeId,
        nodes: store.flow.nodes,
        edges,
        catalogue,
        lang,
        sample,
        lastRun: props.lastRun,
      }),
      preview: props.lastRun
        ? { trigger: props.lastRun.trigger, vars: props.lastRun.vars, nodes: props.lastRun.nodes }
        : null,
    }),
    // Positions change while dragging; the variables depend on edges and node data only.
    [nodeId, store, edges, dataList, catalogue, lang, sample, props.lastRun],
  );
  const onConfigChange = useCallback(
    // The form echoes back what undo put in: an equal config is no change (and no undo step).
    (config: Record<string, unknown>) =>
      update(
        (data) => (JSON.stringify(data.config) === JSON.stringify(config) ? data : { ...data, config }),
        `config:${nodeId}`,
      ),
    [update, nodeId],
  );

  const problems = props.problems.filter((p) => p.nodeId === node.id);
  const category = descriptor?.category ?? 'other';

  return (
    <div className="step-inspector">
      <header className="inspector-head">
        <span
          className="step-icon"
          style={{ background: CATEGORY_COLORS[category] ?? CATEGORY_COLORS.other }}
        >
          <CategoryIcon category={category} />
        </span>
        <div>
          <h2>{descriptor?.labels[lang] ?? node.data.type}</h2>
          <div className="muted small">
            {t('canvas.inspector.nodeId')}: <code>{node.id}</code>
          </div>
        </div>
      </header>
      {descriptor?.description && <p className="muted small">{descriptor.description[lang]}</p>}
      {problems.length > 0 && (
        <ul className="inspector-problems">
          {problems.map((p, index) => (
            <li key={index} className={p.severity}>
              {p.message[lang]}
            </li>
          ))}
        </ul>
      )}
      <label className="field">
        {t('canvas.inspector.label')}
        <input
          value={node.data.label}
          readOnly={props.readOnly}
          onChange={(e) => {
            const label = e.target.value;
            update((data) => ({ ...data, label }), `label:${node.id}`);
          }}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={node.data.disabled === true}
          disabled={props.readOnly}
          onChange={(e) => {
            const disabled = e.target.checked;
            update(
              ({ disabled: _old, ...data }) => (disabled ? { ...data, disabled: true } : data),
              `disabled:${node.id}`,
            );
          }}
        />
        {t('canvas.inspector.disabled')}
      </label>
      {descriptor && (
        <VariableContext.Provider value={variables}>
          <Suspense fallback={<p className="muted">{t('canvas.inspector.loadingForm')}</p>}>
            <ConfigForm
              nodeId={node.id}
              schema={descriptor.config}
              config={node.data.config}
              readOnly={props.readOnly}
              lang={lang}
              onChange={onConfigChange}
            />
          </Suspense>
        </VariableContext.Provider>
      )}
      <section className="inspector-branches">
        <h3>{t('canvas.inspector.branches')}</h3>
        <ul>
          {branchesOf(descriptor, node.data.config).map((branch) => (
            <li key={branch}>
              <code>{branch}</code> {branchLabel({ descriptor, branch, lang })}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function selectSelectedIds(state: { nodes: FlowNode[] }): string[] {
  return state.nodes.filter((n) => n.selected).map((n) => n.id);
}

function stepData(nodes: readonly FlowNode[], id: string | undefined): StepData | undefined {
  if (id === undefined) return undefined;
  const node = nodes.find((n) => n.id === id);
  return node?.type === 'step' ? node.data : undefined;
}

function selectEdges(state: { edges: FlowEdge[] }): FlowEdge[] {
  return state.edges;
}

/** The nodes' data objects: the same items while only positions change (dragging). */
function selectDataList(state: { nodes: FlowNode[] }): unknown[] {
  return state.nodes.map((n) => n.data);
}
