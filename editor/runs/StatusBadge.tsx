import { useTranslation } from 'react-i18next';

const KNOWN = new Set(['running', 'waiting', 'succeeded', 'failed', 'stopped', 'canceled', 'queued']);

/** A run or step status as a coloured pill, in the user's language. */
export function StatusBadge(props: { status: string }) {
  const { t } = useTranslation();
  const known = KNOWN.has(props.status);
  return (
    <span className={`status status-${known ? props.status : 'other'}`}>
      {known ? t(`runs.status.${props.status}`) : props.status}
    </span>
  );
}
