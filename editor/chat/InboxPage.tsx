import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { currentLanguage } from '../i18n/index';
import { closeConversation, fetchConversation, fetchInbox, sendReply } from './api';
import type { InboxItem, InboxMessage } from './api';

const TEXT = {
  ja: {
    title: 'チャット受信箱',
    empty: '引き継がれたチャットはありません。',
    pick: '左の一覧からチャットを選んでください。',
    reply: '返信',
    send: '送信',
    close: 'チャットを終了',
    visitor: '訪問者',
    bot: 'ボット',
    agent: '担当者',
    system: 'システム',
    anonymous: '名前なし',
  },
  en: {
    title: 'Chat inbox',
    empty: 'No chats have been handed over.',
    pick: 'Pick a chat from the list.',
    reply: 'Reply',
    send: 'Send',
    close: 'Close chat',
    visitor: 'Visitor',
    bot: 'Bot',
    agent: 'Agent',
    system: 'System',
    anonymous: 'No name',
  },
} as const;

/** How often the list and the open transcript are re-read. */
const REFRESH_MS = 3_000;

/**
 * Chats bots handed to people: the list, the whole transcript of the one picked (the bot part
 * included, each line marked with who said it), a reply box and a close button. Text only.
 */
export function InboxPage() {
  const lang = currentLanguage();
  const t = TEXT[lang];
  const [items, setItems] = useState<InboxItem[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [messages, setMessages] = useState<InboxMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setItems(await fetchInbox());
      if (selected) setMessages((await fetchConversation(selected)).messages);
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure, lang));
    }
  }, [selected, lang]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const text = draft.trim();
    if (!selected || text === '') return;
    try {
      await sendReply(selected, text);
      setDraft('');
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure, lang));
    }
  };

  const onClose = async (): Promise<void> => {
    if (!selected) return;
    try {
      await closeConversation(selected);
      setSelected(null);
      setMessages([]);
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure, lang));
    }
  };

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t.title}</h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <div className="inbox-columns" style={{ display: 'flex', gap: 16 }}>
        <ul
          className="inbox-list"
          aria-label={t.title}
          style={{ listStyle: 'none', padding: 0, minWidth: 240 }}
        >
          {items.length === 0 ? <li className="muted">{t.empty}</li> : null}
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                aria-pressed={selected === item.id}
                onClick={() => {
                  setSelected(item.id);
                  void fetchConversation(item.id).then(
                    (found) => setMessages(found.messages),
                    (failure: unknown) => setError(errorMessage(failure, lang)),
                  );
                }}
              >
                <strong>{item.visitor.name ?? t.anonymous}</strong>
                <br />
                <span className="muted">{item.lastMessage?.text ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="inbox-chat" style={{ flex: 1 }}>
          {selected === null ? (
            <p className="muted">{t.pick}</p>
          ) : (
            <>
              <ol className="inbox-transcript" aria-live="polite" style={{ listStyle: 'none', padding: 0 }}>
                {messages.map((message) => (
                  <li key={message.id} className={`inbox-line ${message.sender}`}>
                    <span className="muted">{t[message.sender]}: </span>
                    {message.text}
                  </li>
                ))}
              </ol>
              <form onSubmit={(event) => void onSubmit(event)}>
                <label htmlFor="inbox-reply">{t.reply}</label>
                <textarea
                  id="inbox-reply"
                  value={draft}
                  maxLength={2000}
                  onChange={(event) => setDraft(event.target.value)}
                />
                <button type="submit">{t.send}</button>
                <button type="button" onClick={() => void onClose()}>
                  {t.close}
                </button>
              </form>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
