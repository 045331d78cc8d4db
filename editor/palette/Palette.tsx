import { memo, useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeDescriptor } from '../../runtime/model/node-definition';
import { CATEGORY_COLORS, CategoryIcon } from '../canvas/icons';
import { NODE_DRAG_TYPE } from '../canvas/drag';

/** The order categories appear in (SPEC: triggers first, then what a bot builder reaches for). */
export const CATEGORY_ORDER = [
  'trigger',
  'bot',
  'logic',
  'crm',
  'desk',
  'lists',
  'sharing',
  'telephony',
  'slack',
  'kintone',
  'mail',
];

/** Matches a node by its label or description in either language, or by its type name. */
export function matchesSearch(descriptor: NodeDescriptor, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [
    descriptor.type,
    descriptor.labels.ja,
    descriptor.labels.en,
    descriptor.description?.ja ?? '',
    descriptor.description?.en ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return needle.split(/\s+/).every((word) => haystack.includes(word));
}

/** Descriptors grouped by category in palette order. */
export function groupByCategory(descriptors: readonly NodeDescriptor[]): [string, NodeDescriptor[]][] {
  const groups = new Map<string, NodeDescriptor[]>();
  for (const descriptor of descriptors) {
    const list = groups.get(descriptor.category) ?? [];
    list.push(descriptor);
    groups.set(descriptor.category, list);
  }
  const rank = (category: string): number => {
    const index = CATEGORY_ORDER.indexOf(category);
    return index === -1 ? CATEGORY_ORDER.length : index;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b));
}

/** The node palette: categories, search in Japanese or English, drag onto the canvas or click to add. */
export const Palette = memo(function Palette(props: {
  descriptors: readonly NodeDescriptor[];
  onAdd: (type: string) => void;
  disabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [query, setQuery] = useState('');
  const groups = useMemo(
    () => groupByCategory(props.descriptors.filter((d) => matchesSearch(d, query))),
    [props.descriptors, query],
  );

  const onDragStart = (event: DragEvent, type: string): void => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label={t('canvas.palette.title')}>
      <input
        type="search"
        className="search"
        placeholder={t('canvas.palette.search')}
        aria-label={t('canvas.palette.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="muted small">{t('canvas.palette.hint')}</p>
      {groups.length === 0 && <p className="muted">{t('canvas.palette.empty')}</p>}
      {groups.map(([category, list]) => (
        <section key={category} className="palette-group">
          <h3>{t(`canvas.palette.categories.${CATEGORY_ORDER.includes(category) ? category : 'other'}`)}</h3>
          <ul>
            {list.map((descriptor) => (
              <li key={descriptor.type}>
                <button
                  type="button"
                  className="palette-item"
                  draggable={!props.disabled}
                  disabled={props.disabled}
                  data-testid={`palette-${descriptor.type}`}
                  title={descriptor.description?.[lang]}
                  onDragStart={(e) => onDragStart(e, descriptor.type)}
                  onClick={() => props.onAdd(descriptor.type)}
                >
                  <span
                    className="step-icon"
                    style={{ background: CATEGORY_COLORS[category] ?? CATEGORY_COLORS.other }}
                  >
                    <CategoryIcon category={category} size={14} />
                  </span>
                  <span>{descriptor.labels[lang]}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
});
