import { useState } from 'react';
import type { CallCandidate } from './api';
import { tt } from './strings';

/** "N matches" on a call; opening it lists the candidates and one is chosen. */
export function MatchPicker(props: {
  candidates: CallCandidate[];
  lang: 'ja' | 'en';
  busy: boolean;
  onChoose: (candidate: CallCandidate) => void;
}) {
  const { lang } = props;
  const [open, setOpen] = useState(false);
  const label = tt('matches', lang, { count: props.candidates.length });
  if (!open)
    return (
      <button type="button" className="match-count" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <fieldset className="match-picker">
      <legend>{tt('pick', lang)}</legend>
      <ul>
        {props.candidates.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              disabled={props.busy}
              aria-label={`${tt('choose', lang)}: ${c.name}`}
              onClick={() => props.onChoose(c)}
            >
              {c.name}
            </button>{' '}
            <span className="muted">{c.module}</span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setOpen(false)}>
        {tt('cancel', lang)}
      </button>
    </fieldset>
  );
}
