import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunState } from '../../runtime/model/run';
import type { Problem } from '../api/types';
import { branchLabel, branchesOf } from '../canvas/branches';
import { CATEGORY_COLORS, CategoryIcon } from '../canvas/icons';
import { updateStep, type Catalogue } from '../canvas/operations';
import { type EditorStore, useEditorState } from '../store/editor-store';
import type { StepNode } from '../store/flow-types';
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
  const state = useEditorState(props.store);
  const selected = state.nodes.filter((n) => n.selected);
  const step = selected.length === 1 && selected[0]?.type === 'step' ? selected[0] : undefined;

  return (
    <aside className="side-panel inspector" aria-label={t('canvas.inspector.title')} data-testid="inspector">
      {step ? (
        <StepInspector key={step.id} {...props} node={step} />
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
  node: StepNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { store, node, catalogue } = props;
  const descriptor = catalogue.get(node.data.type);
  const state = useEditorState(store);
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
    (change: (data: StepNode['data']) => StepNode['data'], coalesce: string) =>
      store.change((flow) => updateStep(flow, { id: node.id, update: change }), { coalesce }),
    [store, node.id],
  );

  const dataList = useStableDataList(state.nodes);
  const variables = useMemo<VariableContextValue>(
    () => ({
      options: availableVariables({
        nodeId: node.id,
        nodes: state.nodes,
        edges: state.edges,
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
    [node.id, state.edges, dataList, catalogue, lang, sample, props.lastRun],
  );
  const onConfigChange = useCallback(
    // The form echoes back what undo put in: an equal config is no change (and no undo step).
    (config: Record<string, unknown>) =>
      update(
        (data) => (JSON.stringify(data.config) === JSON.stringify(config) ? data : { ...data, config }),
        `config:${node.id}`,
      ),
    [update, node.id],
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

/**
 * The nodes' data objects, as the same array while none changed: dragging moves positions only,
 * so the variable list (and the form) are not recomputed on every frame.
 */
function useStableDataList(nodes: readonly { data: unknown }[]): readonly unknown[] {
  const previous = useRef<readonly unknown[]>([]);
  const current = previous.current;
  const same = current.length === nodes.length && nodes.every((n, i) => n.data === current[i]);
  if (!same) previous.current = nodes.map((n) => n.data);
  return previous.current;
}
