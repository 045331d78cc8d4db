import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunState } from '../../runtime/model/run';
import { ApiError, errorMessage } from '../api/client';
import { problemsFrom, runWorkflow } from '../api/endpoints';
import type { Problem } from '../api/types';
import { useNotices } from '../app/notices';
import type { Catalogue } from '../canvas/operations';
import type { FlowNode } from '../store/flow-types';
import { journal } from '../store/journal';
import { StatusBadge } from './StatusBadge';
import { StepList } from './StepList';

const DEFAULT_SAMPLE = '{\n  "body": {}\n}';

/** Test run: sample input (remembered per workflow), run, and the steps it took. */
export function RunPanel(props: {
  workflowId: string;
  run: RunState | null;
  readOnly: boolean;
  catalogue: Catalogue;
  getNodes: () => readonly FlowNode[];
  beforeRun: () => Promise<void>;
  onRun: (run: RunState) => void;
  onFocus: (nodeId: string) => void;
  onClose: () => void;
  /** The server refused to run because of errors: show them where they are. */
  onProblems: (problems: Problem[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify, confirm } = useNotices();
  const [sample, setSample] = useState(DEFAULT_SAMPLE);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void journal.readSample(props.workflowId).then((text) => text !== undefined && setSample(text));
  }, [props.workflowId]);

  const start = async (): Promise<void> => {
    let input: unknown;
    try {
      input = JSON.parse(sample);
      setSampleError(null);
    } catch (error) {
      setSampleError(
        t('runs.sampleInvalid', { message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    const risky = props
      .getNodes()
      .some(
        (n) =>
          n.type === 'step' && !n.data.disabled && props.catalogue.get(n.data.type)?.sideEffects === true,
      );
    if (risky && !(await confirm({ text: t('runs.sideEffects'), confirmLabel: t('runs.start') }))) return;
    void journal.writeSample(props.workflowId, sample);
    setBusy(true);
    try {
      await props.beforeRun();
      props.onRun(await runWorkflow({ id: props.workflowId, input }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) props.onProblems(problemsFrom(error.details));
      notify(errorMessage(error, lang), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="bottom-panel run-panel" aria-label={t('runs.sampleTitle')}>
      <header>
        <h2>{t('runs.sampleTitle')}</h2>
        {props.run && <StatusBadge status={props.run.status} />}
        {props.run?.error && (
          <span className="form-error small">
            {props.run.error.localized?.[lang] ?? props.run.error.message}
          </span>
        )}
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      <div className="run-body">
        {!props.readOnly && (
          <div className="sample">
            <label htmlFor="sample-input">{t('runs.sampleInput')}</label>
            <textarea
              id="sample-input"
              spellCheck={false}
              value={sample}
              onChange={(e) => setSample(e.target.value)}
              rows={6}
            />
            <small className="muted">{t('runs.sampleHelp')}</small>
            {sampleError && (
              <p className="form-error" role="alert">
                {sampleError}
              </p>
            )}
            <button
              type="button"
              className="primary"
              onClick={() => void start()}
              disabled={busy}
              data-testid="run-start"
            >
              {busy ? t('runs.running') : t('runs.start')}
            </button>
          </div>
        )}
        <StepList steps={props.run?.steps ?? []} onFocus={props.onFocus} />
      </div>
    </section>
  );
}
