import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunState } from '../../runtime/model/run';
import { ApiError, errorMessage } from '../api/client';
import { problemsFrom } from '../api/endpoints';
import type { Problem } from '../api/types';
import type { Catalogue } from '../canvas/operations';
import { StepList } from '../runs/StepList';
import type { FlowNode } from '../store/flow-types';
import { PreviewLog } from './PreviewLog';
import { readPreview, sendPreview, startPreview, stopPreview } from './preview-api';
import type { PreviewMessage, PreviewStatus, PreviewTurn } from './preview-api';
import './preview.css';

/** How often the panel asks again while the bot is still working (a slow CRM call, say). */
const POLL_MS = 1_000;

function merge(current: PreviewMessage[], incoming: PreviewMessage[]): PreviewMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** What a hand-over to a person would do in a live chat, from the forward step of the run. */
function handover(run: RunState | null): { branch: string; agent: string; department: string } | null {
  const step = [...(run?.steps ?? [])].reverse().find((s) => s.nodeType === 'bot.forward_to_operator');
  if (!step?.branch) return null;
  const output = typeof step.output === 'object' && step.output !== null ? step.output : {};
  const field = (key: string): string => {
    const value: unknown = Object.entries(output).find(([k]) => k === key)?.[1];
    return typeof value === 'string' ? value : '';
  };
  return { branch: step.branch, agent: field('agentName'), department: field('departmentId') };
}

/**
 * The chat preview (issue 6): talks with the DRAFT of a bot as a visitor would, without
 * publishing it; every answer's run is handed to the canvas, which lights the path taken like
 * a test run's trace. Text only: messages are rendered as React text, never as HTML.
 */
export function PreviewPanel(props: {
  workflowId: string;
  catalogue: Catalogue;
  getNodes: () => readonly FlowNode[];
  /** Saves the draft, so the server previews what is on the canvas. */
  beforeStart: () => Promise<void>;
  onRun: (run: RunState | null, first: boolean) => void;
  onFocus: (nodeId: string) => void;
  onProblems: (problems: Problem[]) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [status, setStatus] = useState<PreviewStatus | 'starting'>('starting');
  const [messages, setMessages] = useState<PreviewMessage[]>([]);
  const [run, setRun] = useState<RunState | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const current = useRef<{ previewId: string | null; status: string; generation: number }>({
    previewId: null,
    status: 'starting',
    generation: 0,
  });
  const { workflowId, onRun, onProblems, beforeStart } = props;

  const apply = useCallback(
    (turn: PreviewTurn, o: { reset: boolean; generation: number }): void => {
      if (o.generation !== current.current.generation) return;
      current.current.previewId = turn.previewId;
      current.current.status = turn.status;
      setPreviewId(turn.previewId);
      setStatus(turn.status);
      setMessages((list) => (o.reset ? turn.messages : merge(list, turn.messages)));
      setRun(turn.run);
      onRun(turn.run, o.reset);
      if (turn.status === 'running' && turn.previewId) {
        const id = turn.previewId;
        const after = turn.messages.at(-1)?.id ?? 0;
        window.setTimeout(() => {
          if (o.generation !== current.current.generation) return;
          readPreview({ workflowId, previewId: id, after }).then(
            (next) => apply(next, { reset: false, generation: o.generation }),
            (failure: unknown) => setError(errorMessage(failure, lang)),
          );
        }, POLL_MS);
      }
    },
    [workflowId, onRun, lang],
  );

  const fail = useCallback(
    (failure: unknown): void => {
      if (failure instanceof ApiError && failure.status === 422) onProblems(problemsFrom(failure.details));
      setError(errorMessage(failure, lang));
    },
    [onProblems, lang],
  );

  const stopCurrent = useCallback((): void => {
    const { previewId: id, status: state } = current.current;
    if (id && (state === 'bot' || state === 'running')) {
      void stopPreview({ workflowId, previewId: id }).catch(() => undefined);
    }
  }, [workflowId]);

  const start = useCallback(async (): Promise<void> => {
    stopCurrent();
    const generation = current.current.generation + 1;
    current.current = { previewId: null, status: 'starting', generation };
    setStatus('starting');
    setMessages([]);
    setPreviewId(null);
    setError(null);
    onRun(null, true);
    setBusy(true);
    try {
      await beforeStart();
      apply(await startPreview({ workflowId, language: lang }), { reset: true, generation });
    } catch (failure) {
      if (generation === current.current.generation) {
        setStatus('ended');
        fail(failure);
      }
    } finally {
      setBusy(false);
    }
  }, [apply, beforeStart, fail, lang, onRun, stopCurrent, workflowId]);

  useEffect(() => {
    void start();
    return () => stopCurrent();
    // Starts once when the panel opens; Restart starts again.
  }, []);

  useEffect(() => {
    if (!busy && status === 'bot') input.current?.focus();
  }, [busy, status]);

  const say = async (line: string): Promise<void> => {
    const trimmed = line.trim();
    if (trimmed === '' || busy) return;
    const generation = current.current.generation;
    setBusy(true);
    setError(null);
    try {
      const turn = previewId
        ? await sendPreview({ workflowId, previewId, text: trimmed })
        : await startPreview({ workflowId, language: lang, text: trimmed });
      setText('');
      apply(turn, { reset: previewId === null, generation });
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void say(text);
  };

  const risky = props
    .getNodes()
    .some(
      (n) => n.type === 'step' && !n.data.disabled && props.catalogue.get(n.data.type)?.sideEffects === true,
    );
  const handed = handover(run);
  const open = status === 'bot';
  const last = messages.at(-1);
  const choices = open && last?.sender === 'bot' ? (last.choices ?? []) : [];

  return (
    <section
      className="bottom-panel preview-panel"
      aria-label={t('preview.title')}
      data-testid="preview-panel"
    >
      <header>
        <h2>{t('preview.title')}</h2>
        <button type="button" onClick={() => void start()} disabled={busy && status === 'starting'}>
          {t('preview.restart')}
        </button>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      <div className="run-body">
        <div className="preview-chat">
          <p className="preview-note muted small">{t('preview.draftNote')}</p>
          {risky && <p className="preview-note warning small">{t('preview.sideEffects')}</p>}
          <PreviewLog
            messages={messages}
            label={t('preview.log')}
            senderLabel={(s) => t(`preview.sender.${s}`)}
          />
          {status === 'starting' && <p className="muted small">{t('preview.starting')}</p>}
          {status === 'running' && <p className="muted small">{t('preview.working')}</p>}
          {status === 'bot' && previewId === null && (
            <p className="muted small">{t('preview.firstMessage')}</p>
          )}
          {handed && (
            <p className="preview-note handover small" role="status" data-testid="preview-handover">
              {t(handed.branch === 'forwarded' ? 'preview.forwarded' : 'preview.noOperator', {
                agent: handed.agent,
                department: handed.department,
              })}
            </p>
          )}
          {status === 'ended' && !error && <p className="muted small">{t('preview.ended')}</p>}
          {error && (
            <p className="form-error small" role="alert">
              {error}
            </p>
          )}
          {choices.length > 0 && (
            <div className="preview-choices" role="group" aria-label={t('preview.choices')}>
              {choices.map((choice) => (
                <button key={choice} type="button" onClick={() => void say(choice)} disabled={busy}>
                  {choice}
                </button>
              ))}
            </div>
          )}
          <form className="preview-form" onSubmit={onSubmit}>
            <input
              ref={input}
              aria-label={t('preview.input')}
              placeholder={t('preview.input')}
              value={text}
              maxLength={2000}
              onChange={(e) => setText(e.target.value)}
              disabled={!open}
            />
            <button type="submit" className="primary" disabled={!open || busy || text.trim() === ''}>
              {t('preview.send')}
            </button>
          </form>
        </div>
        <StepList steps={run?.steps ?? []} onFocus={props.onFocus} />
      </div>
    </section>
  );
}
