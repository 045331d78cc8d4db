import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { formatDate } from '../app/format';
import { fetchCalls, fetchTodo, resolveCall, type CallCandidate, type CallItem, type TodoItem } from './api';
import { MatchPicker } from './MatchPicker';
import { tt } from './strings';

/** Recent calls; one with several matching records shows "N matches" and is resolved by a choice. */
export function CallLog() {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [calls, setCalls] = useState<CallItem[] | null>(null);
  const [todos, setTodos] = useState<Record<string, TodoItem>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    fetchCalls()
      .then(setCalls)
      .catch((e: unknown) => setError(errorMessage(e, lang)));
  }, [lang]);
  useEffect(load, [load]);

  const choose = async (call: CallItem, candidate: CallCandidate): Promise<void> => {
    setBusy(call.id);
    setError(null);
    try {
      const { taskId } = await resolveCall({ callId: call.id, contactId: candidate.id });
      const todo = await fetchTodo(taskId);
      setTodos((current) => ({ ...current, [call.id]: todo }));
      load();
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(null);
    }
  };

  if (calls === null) return error ? <p className="form-error">{error}</p> : null;
  return (
    <section className="call-log">
      <h2>{tt('title', lang)}</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {calls.length === 0 ? (
        <p className="muted">{tt('noCalls', lang)}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>{tt('when', lang)}</th>
              <th>{tt('direction', lang)}</th>
              <th>{tt('number', lang)}</th>
              <th>{tt('status', lang)}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => {
              const todo = todos[call.id];
              return (
                <tr key={call.id} data-call-id={call.id}>
                  <td>{formatDate(call.startedAt, lang)}</td>
                  <td>{tt(call.direction, lang)}</td>
                  <td>{call.direction === 'outbound' ? call.to : call.from}</td>
                  <td>
                    {todo ? (
                      <span role="status">{tt('completedTodo', lang, { name: todo.name })}</span>
                    ) : call.status === 'multiple_matches' && call.candidates.length > 0 ? (
                      <MatchPicker
                        candidates={call.candidates}
                        lang={lang}
                        busy={busy === call.id}
                        onChoose={(candidate) => void choose(call, candidate)}
                      />
                    ) : (
                      tt(call.status, lang)
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
