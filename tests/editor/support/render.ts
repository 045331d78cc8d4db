import { createElement, type ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { setupI18n } from '../../../editor/i18n/index';

/** Renders a component with the UI language set (i18next is global, like in the app). */
export async function renderIn(lang: 'ja' | 'en', element: ReactElement): Promise<RenderResult> {
  await setupI18n(lang);
  return render(element);
}

export const h = createElement;
