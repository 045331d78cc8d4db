import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type NoticeKind = 'info' | 'success' | 'error';

interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

interface ConfirmRequest {
  text: string;
  confirmLabel: string;
  danger: boolean;
  resolve: (ok: boolean) => void;
}

interface NoticeApi {
  notify(text: string, kind?: NoticeKind): void;
  /** Asks in a dialog (not window.confirm, which blocks the page and cannot be styled or translated). */
  confirm(o: { text: string; confirmLabel: string; danger?: boolean }): Promise<boolean>;
}

const NoticeContext = createContext<NoticeApi>({
  notify: () => undefined,
  confirm: async () => false,
});

export function useNotices(): NoticeApi {
  return useContext(NoticeContext);
}

/** Toasts in a live region (screen readers hear them) and one confirmation dialog at a time. */
export function NoticeProvider(props: { children: ReactNode; cancelLabel: string; closeLabel: string }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const [pending, setPending] = useState<ConfirmRequest | null>(null);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const api = useMemo<NoticeApi>(
    () => ({
      notify(text, kind = 'info') {
        const id = nextId.current++;
        setNotices((list) => [...list.slice(-3), { id, kind, text }]);
        window.setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 4000);
      },
      confirm(o) {
        return new Promise<boolean>((resolve) =>
          setPending({ text: o.text, confirmLabel: o.confirmLabel, danger: o.danger ?? false, resolve }),
        );
      },
    }),
    [dismiss],
  );

  const answer = (ok: boolean): void => {
    pending?.resolve(ok);
    setPending(null);
  };

  return (
    <NoticeContext.Provider value={api}>
      {props.children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`}>
            <span>{n.text}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={props.closeLabel}
              onClick={() => dismiss(n.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      {pending && (
        <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && answer(false)}>
          <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-text">
            <p id="confirm-text">{pending.text}</p>
            <div className="modal-actions">
              <button type="button" onClick={() => answer(false)} autoFocus>
                {props.cancelLabel}
              </button>
              <button
                type="button"
                className={pending.danger ? 'danger' : 'primary'}
                onClick={() => answer(true)}
              >
                {pending.confirmLabel}
              </button>
            </div>
          </div>
        </div>
      )}
    </NoticeContext.Provider>
  );
}
