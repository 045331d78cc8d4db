import { createContext } from 'react';
import type { VariableOption } from './variables';

/** What the last run saw: the scope a template preview renders against. */
export interface PreviewScope {
  trigger: unknown;
  vars: Record<string, unknown>;
  nodes: Record<string, unknown>;
}

export interface VariableContextValue {
  options: readonly VariableOption[];
  preview: PreviewScope | null;
}

/** Handed to template fields by the inspector (form widgets get no other way in). */
export const VariableContext = createContext<VariableContextValue>({ options: [], preview: null });
