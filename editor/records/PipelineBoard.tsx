import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useNotices } from '../app/notices';
import { fetchBoard, moveToStage, type Board, type StageAutomation } from './api';
import { recordsHref } from './routes';
import { ShareIcon } from './ShareIcon';
import { useShareState } from './share-state';
import { displayValue, rt, unitLabel } from './strings';

const DRAG_TYPE = 'application/x-musubi-record';

/** A pipeline as a kanban: a column per stage with its automations; dropping a card moves the record. */
export function PipelineBoard(props: { pipelineId: string }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const { notify } = useNotices();
  const [board, setBoard] = useState<Board | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const share = useShareState(board?.stages.flatMap((s) => s.records) ?? []);

  const load = useCallback(() => {
    fetchBoard(props.pipelineId)
      .then(setBoard)
      .catch((e: unknown) => notify(errorMessage(e, lang), 'error'));
  }, [props.pipelineId, notify, lang]);
  useEffect(load, [load]);

  const drop = async (event: DragEvent, stageId: string): Promise<void> => {
    event.preventDefault();
    setOver(null);
    const id = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    if (!board || !id) return;
    const from = board.stages.find((s) => s.records.some((r) => r.id === id));
    const card = from?.records.find((r) => r.id === id);
    const to = board.stages.find((s) => s.id === stageId);
    if (!from || !card || !to || from.id === stageId) return;
    try {
      await moveToStage({ module: board.pipeline.module, id, stageId });
      notify(rt('moved', lang, { name: card.name, stage: to.name }), 'success');
    } catch (error) {
      notify(errorMessage(error, lang), 'error');
    }
    load();
  };

  if (!board) return null;
  return (
    <div className="pipeline-board" style={{ display: 'flex', gap: 12, overflowX: 'auto' }}>
      {board.stages.map((stage) => (
        <section
          key={stage.id}
          className="board-column"
          aria-label={stage.name}
          data-stage-id={stage.id}
          style={{
            minWidth: 220,
            padding: 8,
            border: '1px solid #d0d7de',
            borderRadius: 6,
            background: over === stage.id ? '#eef6ff' : undefined,
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            setOver(stage.id);
          }}
          onDragLeave={() => setOver(null)}
          onDrop={(e) => void drop(e, stage.id)}
        >
          <h2 style={{ fontSize: '1rem' }}>
            {stage.name} <span className="muted">{rt('cards', lang, { count: stage.total })}</span>
          </h2>
          {stage.automations.length > 0 && (
            <ul className="board-automations muted" aria-label={rt('automations', lang)}>
              {stage.automations.map((a) => (
                <li key={a.id}>⚡ {automationText(a, lang)}</li>
              ))}
            </ul>
          )}
          {stage.records.map((record) => (
            <article
              key={record.id}
              className="board-card"
              draggable
              data-record-id={record.id}
              style={{
                padding: 6,
                margin: '6px 0',
                border: '1px solid #d0d7de',
                borderRadius: 4,
                cursor: 'grab',
              }}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, record.id);
                e.dataTransfer.setData('text/plain', record.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
            >
              <a href={recordsHref({ name: 'record', module: board.pipeline.module, id: record.id })}>
                {record.name || record.id}
              </a>{' '}
              {share.sharingOn.has(board.pipeline.id) && (
                <ShareIcon shared={share.shared.has(record.id)} lang={lang} />
              )}
              {record.amount !== undefined && record.amount !== null && (
                <div className="muted">{displayValue(record.amount)}</div>
              )}
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}

function automationText(a: StageAutomation, lang: 'ja' | 'en'): string {
  const when = a.delay
    ? rt('after', lang, { amount: a.delay.amount, unit: unitLabel(a.delay.unit, lang) })
    : rt('now', lang);
  return `${a.workflowName ?? a.workflowId}: ${when}`;
}
