import type { IconButtonProps } from '@rjsf/utils';
import { TranslatableString } from '@rjsf/utils';

/**
 * The form's list buttons with visible words (the default theme draws icon-font glyphs we do not
 * ship, which leaves screen readers and people with a bare "+").
 */
function textButton(o: { text: TranslatableString; symbol: string; className: string }) {
  return function FormButton(props: IconButtonProps) {
    const {
      icon: _icon,
      iconType: _iconType,
      uiSchema: _uiSchema,
      registry,
      className: _className,
      ...rest
    } = props;
    const label = registry.translateString(o.text);
    return (
      <button
        type="button"
        {...rest}
        className={`form-button ${o.className}`}
        title={label}
        aria-label={label}
      >
        <span aria-hidden="true">{o.symbol}</span>
        {o.className === 'add' && <span>{label}</span>}
      </button>
    );
  };
}

export const FORM_BUTTONS = {
  AddButton: textButton({ text: TranslatableString.AddItemButton, symbol: '＋', className: 'add' }),
  RemoveButton: textButton({ text: TranslatableString.RemoveButton, symbol: '×', className: 'remove' }),
  MoveUpButton: textButton({ text: TranslatableString.MoveUpButton, symbol: '↑', className: 'move' }),
  MoveDownButton: textButton({ text: TranslatableString.MoveDownButton, symbol: '↓', className: 'move' }),
  CopyButton: textButton({ text: TranslatableString.CopyButton, symbol: '⧉', className: 'copy' }),
};
