import { englishStringTranslator, TranslatableString } from '@rjsf/utils';
import type { Language } from '../../runtime/model/localized';

/** The form library's own words (buttons, empty lists) in Japanese; English is its default. */
const JAPANESE: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: '項目',
  [TranslatableString.EmptyArray]: 'まだありません。下のボタンで追加します。',
  [TranslatableString.YesLabel]: 'はい',
  [TranslatableString.NoLabel]: 'いいえ',
  [TranslatableString.CloseLabel]: '閉じる',
  [TranslatableString.ErrorsLabel]: 'エラー',
  [TranslatableString.NewStringDefault]: '新しい値',
  [TranslatableString.AddButton]: '追加',
  [TranslatableString.AddItemButton]: '項目を追加',
  [TranslatableString.CopyButton]: 'コピー',
  [TranslatableString.MoveDownButton]: '下へ',
  [TranslatableString.MoveUpButton]: '上へ',
  [TranslatableString.RemoveButton]: '削除',
  [TranslatableString.NowLabel]: '現在',
  [TranslatableString.ClearLabel]: 'クリア',
  [TranslatableString.PreviewLabel]: 'プレビュー',
};

/** A `translateString` for the form in the user's language. */
export function formStrings(lang: Language): (text: TranslatableString, params?: string[]) => string {
  return (text, params) =>
    lang === 'ja'
      ? (JAPANESE[text] ?? englishStringTranslator(text, params))
      : englishStringTranslator(text, params);
}
