import { memo, useMemo } from 'react';
import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { StepNode } from '../store/flow-types';
import { formatDuration } from '../app/format';
import { branchLabel, branchesOf, isTrigger } from './branches';
import { useCanvas } from './context';
import { CATEGORY_COLORS, CategoryIcon } from './icons';
import { useNodeOverlay } from './overlay';
import { summarizeConfig } from './summary';

const COMPACT_BELOW_ZOOM = 0.45;

function isZoomedOut(state: { transform: [number, number, number] }): boolean {
  return state.transform[2] < COMPACT_BELOW_ZOOM;
}

/**
 * A workflow step on the canvas: icon, label, one-line config summary, one labelled source handle
 * per branch, run status and problem badges. Memoised: dragging another node does not re-render it.
 */
export const StepNodeView = memo(function StepNodeView(props: NodeProps<StepNode>) {
  const { data, id, selected } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { descriptors, overlay } = useCanvas();
  const descriptor = descriptors.get(data.type);
  const { step, visits, problems, diff } = useNodeOverlay(overlay, id);
  // Zoomed far out, words are unreadable: draw the outline only (a 500-node canvas opens and pans
  // much faster). Re-renders only when the zoom crosses the threshold.
  const compact = useStore(isZoomedOut);
  const branches = useMemo(() => branchesOf(descriptor, data.config), [descriptor, data.config]);
  const summary = useMemo(
    () => summarizeConfig({ descriptor, config: data.config, lang }),
    [descriptor, data.config, lang],
  );
  const category = descriptor?.category ?? 'other';
  const errors = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const warnings = (problems?.length ?? 0) - errors;
  const typeLabel = descriptor ? descriptor.labels[lang] : t('canvas.node.unknownType', { type: data.type });
  const classes = [
    'step-node',
    selected ? 'selected' : '',
    data.disabled ? 'disabled' : '',
    step ? `run-${step.status}` : '',
    errors > 0 ? 'has-errors' : '',
    descriptor ? '' : 'unknown',
    compact ? 'compact' : '',
    diff ? `diff-${diff}` : '',
  ];

  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid={`node-${id}`}
      data-node-type={data.type}
      data-run-status={step?.status}
    >
      {!isTrigger(descriptor) && (
        <Handle
          type="target"
          position={Position.Left}
          className="target-handle"
          aria-label={t('canvas.node.input')}
        />
      )}
      <div className="step-head">
        <span
          className="step-icon"
          style={{ background: CATEGORY_COLORS[category] ?? CATEGORY_COLORS.other }}
        >
          <CategoryIcon category={category} size={16} />
        </span>
        <div className="step-titles">
          <div className="step-label">{data.label || typeLabel}</div>
          {data.label && data.label !== typeLabel && <div className="step-type">{typeLabel}</div>}
        </div>
        {(errors > 0 || warnings > 0) && (
          <span
            className={`problem-badge ${errors > 0 ? 'error' : 'warning'}`}
            title={problems?.map((p) => p.message[lang]).join('\n')}
            aria-label={t('canvas.node.problems', { count: errors + warnings })}
          >
            {errors + warnings}
          </span>
        )}
      </div>
      {!compact && (
        <div className={`step-summary ${summary ? '' : 'muted'}`}>
          {summary || t('canvas.node.noSummary')}
        </div>
      )}
      {step && !compact && (
        <div className="step-run">
          <span className={`dot dot-${step.status}`} />
          {t(`runs.status.${step.status}`)} · {formatDuration(step.durationMs)}
          {visits !== undefined && visits > 1 ? ` · ×${visits}` : ''}
          {step.attempt > 1 ? ` · ${t('runs.attempt', { attempt: step.attempt })}` : ''}
        </div>
      )}
      {data.disabled && <div className="step-disabled">{t('canvas.node.disabled')}</div>}
      <div className="step-branches">
        {branches.map((branch) => (
          <div
            key={branch}
            className={`branch-row ${step?.branch === branch ? 'taken' : ''}`}
            data-branch={branch}
          >
            {!compact && <span className="branch-label">{branchLabel({ descriptor, branch, lang })}</span>}
            <Handle
              type="source"
              position={Position.Right}
              id={branch}
              className="source-handle"
              data-testid={`handle-${id}-${branch}`}
            />
          </div>
        ))}
      </div>
    </div>
  );
}, sameLook);

/**
 * Re-render only when something drawn changes. React Flow also passes the measured size and the
 * position, which change right after the first draw and on every drag frame; the node shows neither.
 */
function sameLook(a: NodeProps<StepNode>, b: NodeProps<StepNode>): boolean {
  return (
    a.id === b.id &&
    a.data === b.data &&
    a.selected === b.selected &&
    a.isConnectable === b.isConnectable &&
    a.dragging === b.dragging
  );
}
