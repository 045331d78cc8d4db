import { rt } from './strings';

/**
 * Grey: the record's pipeline shares externally but this record has no link; green: it has one.
 * The share dialog lives on the external sharing screen (it is not exported), so the icon leads there.
 */
export function ShareIcon(props: { shared: boolean; lang: 'ja' | 'en' }) {
  const label = rt(props.shared ? 'shared' : 'notShared', props.lang);
  return (
    <a
      href="#/sharing"
      className={`share-icon ${props.shared ? 'share-icon-on' : 'share-icon-off'}`}
      data-shared={props.shared ? 'true' : 'false'}
      title={label}
      aria-label={label}
      style={{ color: props.shared ? '#1a7f37' : '#8c959f', textDecoration: 'none' }}
    >
      ⇪
    </a>
  );
}
