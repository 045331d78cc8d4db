import { memo } from 'react';

/** One simple line icon per category (inline SVG: no icon font, no extra request). */
const PATHS: Record<string, string> = {
  trigger: 'M13 2 4 14h7l-1 8 9-12h-7z',
  bot: 'M4 5h16v11H9l-5 4zM9 10h.01M15 10h.01',
  logic: 'M6 3v6a3 3 0 0 0 3 3h6a3 3 0 0 1 3 3v6M6 21V12M18 3v4',
  crm: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  desk: 'M4 7h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4zM10 7v12',
  lists: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  sharing: 'M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1',
  telephony: 'M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2',
  slack: 'M9 3v12M15 9v12M3 9h12M9 15h12',
  kintone: 'M6 4v16M6 13l9-9M9 10l9 10',
  mail: 'M3 5h18v14H3zM3 6l9 7 9-7',
  note: 'M5 3h14v12l-6 6H5zM13 21v-6h6',
  other: 'M12 3v18M3 12h18',
};

export const CATEGORY_COLORS: Record<string, string> = {
  trigger: '#d9480f',
  bot: '#1c7ed6',
  logic: '#7048e8',
  crm: '#0ca678',
  desk: '#e8590c',
  lists: '#5c940d',
  sharing: '#1098ad',
  telephony: '#c2255c',
  slack: '#4a154b',
  kintone: '#f08c00',
  mail: '#3b5bdb',
  other: '#495057',
};

export const CategoryIcon = memo(function CategoryIcon(props: { category: string; size?: number }) {
  const size = props.size ?? 18;
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[props.category] ?? PATHS.other} />
    </svg>
  );
});
