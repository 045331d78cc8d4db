import { useEffect } from 'react';
import type { EditorActions } from './actions';

/** The shortcuts the help panel lists, as [keys, message key]. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Ctrl/⌘ + Z', 'undo'],
  ['Ctrl/⌘ + Shift + Z · Ctrl + Y', 'redo'],
  ['Ctrl/⌘ + C', 'copy'],
  ['Ctrl/⌘ + V', 'paste'],
  ['Ctrl/⌘ + X', 'cut'],
  ['Ctrl/⌘ + D', 'duplicate'],
  ['Delete · Backspace', 'delete'],
  ['Ctrl/⌘ + A', 'selectAll'],
  ['Shift + drag · Ctrl/⌘ + click', 'multiSelect'],
  ['Shift + 1', 'fit'],
  ['Shift + L', 'layout'],
  ['Ctrl/⌘ + S', 'save'],
  ['Ctrl/⌘ + Enter', 'run'],
  ['?', 'help'],
  ['Esc', 'escape'],
];

/** True when the key goes to a text field (its own undo, copy and paste must keep working). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Keyboard shortcuts for the canvas. Copy, cut and paste use the browser's clipboard events, so
 * they need no permission and work between workflows and browser tabs.
 */
export function useShortcuts(o: {
  actions: EditorActions;
  onSave: () => void;
  onRun: () => void;
  onHelp: () => void;
  onEscape: () => void;
}): void {
  const { actions, onSave, onRun, onHelp, onEscape } = o;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 's') {
        event.preventDefault();
        onSave();
        return;
      }
      if (mod && key === 'enter') {
        event.preventDefault();
        onRun();
        return;
      }
      if (event.key === 'Escape') {
        onEscape();
        return;
      }
      if (isTyping(event.target)) return;
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) actions.redo();
        else actions.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        actions.redo();
      } else if (mod && key === 'd') {
        event.preventDefault();
        actions.duplicateSelection();
      } else if (mod && key === 'a') {
        event.preventDefault();
        actions.selectAll();
      } else if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) {
        event.preventDefault();
        actions.deleteSelection();
      } else if (!mod && event.shiftKey && event.code === 'Digit1') {
        actions.fitView();
      } else if (!mod && event.shiftKey && key === 'l') {
        void actions.layout();
      } else if (!mod && event.key === '?') {
        onHelp();
      }
    };
    const onCopy = (event: ClipboardEvent): void => {
      if (isTyping(event.target) || hasTextSelection()) return;
      const text = actions.copySelection();
      if (text === null || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    };
    const onCut = (event: ClipboardEvent): void => {
      if (isTyping(event.target) || hasTextSelection()) return;
      onCopy(event);
      if (event.defaultPrevented) actions.deleteSelection();
    };
    const onPaste = (event: ClipboardEvent): void => {
      if (isTyping(event.target)) return;
      const text = event.clipboardData?.getData('text/plain');
      if (!text) return;
      event.preventDefault();
      actions.paste(text);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [actions, onSave, onRun, onHelp, onEscape]);
}

function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && selection.toString().length > 0;
}
