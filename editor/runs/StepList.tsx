import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepRecord } from '../../runtime/model/run';
import { formatDuration } from '../app/format';
import { JsonView } from './JsonView';
import { StatusBadge } from './StatusBadge';

/** The steps of a run, and the input, output and error of the one picked. */
export function StepList(props: {
  steps: readonly StepRecord[];
  onFocus?: ((nodeId: string) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [picked, setPicked] = useState<number | null>(null);
  const failed = props.steps.find((s) => s.status === 'failed');
  const shown = props.steps.find((s) => s.index === picked) ?? failed ?? props.steps[props.steps.length - 1];
  if (props.steps.length === 0) return <p className="muted">{t('runs.noSteps')}</p>;
  return (
    <div className="step-list">
      <ol>
        {props.steps.map((step) => (
          <li key={`${step.index}-${step.attempt}`}>
            <button
              type="button"
              className={shown === step ? 'selected' : ''}
              data-testid={`step-${step.nodeId}`}
              onClick={() => {
                setPicked(step.index);
                props.onFocus?.(step.nodeId);
              }}
            >
              <StatusBadge status={step.status} />
              <span className="step-name">{step.label || step.nodeId}</span>
              {step.branch && <span className="muted small">→ {step.branch}</span>}
              <span className="muted small">{formatDuration(step.durationMs)}</span>
            </button>
          </li>
        ))}
      </ol>
      {shown && (
        <div className="step-detail" data-testid="step-detail">
          <h3>
            {shown.label || shown.nodeId} <StatusBadge status={shown.status} />
          </h3>
          <p className="muted small">
            {shown.branch ? `${t('runs.branch', { branch: shown.branch })} · ` : ''}
            {formatDuration(shown.durationMs)}
            {shown.attempt > 1 ? ` · ${t('runs.attempt', { attempt: shown.attempt })}` : ''}
          </p>
          {shown.error && (
            <div className="run-error" role="alert">
              <strong>{t('runs.errorTitle')}</strong> <code>{shown.error.code}</code>
              <p>{shown.error.localized?.[lang] ?? shown.error.message}</p>
            </div>
          )}
          <JsonView label={t('runs.input')} value={shown.input} />
          <JsonView label={t('runs.output')} value={shown.output} />
        </div>
      )}
    </div>
  );
}
