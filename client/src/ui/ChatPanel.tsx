import { useId, useState, type FormEvent } from 'react';
import { CHAT_MAX_LENGTH } from '@hearth/shared';
import { useHearth } from '../app/context';
import { useNow } from './useNow';

/**
 * The circle's chat, for sharing a resource or a word with the facilitators. Ephemeral:
 * messages are in memory only while you are here and gone when you leave. Text is shown
 * as text — a link is never fetched, previewed or made clickable.
 */
export function ChatPanel() {
  const messages = useHearth((s) => s.chat.messages);
  const sending = useHearth((s) => s.chat.sending);
  const error = useHearth((s) => s.chat.error);
  const send = useHearth((s) => s.sendChat);
  const view = useHearth((s) => s.circle.view);
  const selfId = useHearth((s) => s.circle.selfId);
  const [text, setText] = useState('');
  const [to, setTo] = useState<'everyone' | 'facilitators'>('everyone');
  const inputId = useId();
  const toId = useId();
  const now = useNow(60_000, messages.length > 0);
  if (!view || view.ended || !view.you) return null;
  const off = view.rules.chat === false;
  const target = off ? 'facilitators' : to;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await send(text, target)) setText('');
  };

  return (
    <section className="panel panel-chat" aria-labelledby="chat-title" data-testid="chat">
      <h2 id="chat-title">Chat</h2>
      <p className="soft small-text">Only for the people here now. Nothing is saved, and it's gone when you leave.</p>
      {messages.length === 0 ? (
        <p className="soft">No messages yet.</p>
      ) : (
        <ol className="chat-log" role="log" aria-live="polite" aria-label="Chat messages" data-testid="chat-log">
          {messages.map((m) => (
            <li key={m.id} className={m.to === 'facilitators' ? 'chat-private' : undefined} data-chat-id={m.id}>
              <span className="chat-meta">
                <strong>{m.from === selfId ? 'You' : m.fromName}</strong>
                {m.to === 'facilitators' ? <span className="chip chip-muted">to facilitators</span> : null}
                <time className="soft" dateTime={new Date(m.at).toISOString()}>
                  {minutesAgo(m.at, now)}
                </time>
              </span>
              {/* Plain text: React escapes it, and links stay words (never fetched or followed). */}
              <span className="chat-text">{m.text}</span>
            </li>
          ))}
        </ol>
      )}
      <form className="chat-form" onSubmit={(e) => void submit(e)} noValidate>
        {off ? (
          <p className="soft small-text" data-testid="chat-off">
            The facilitators have turned chat off for now. You can still write to the facilitators.
          </p>
        ) : (
          <div className="field">
            <label htmlFor={toId}>Send to</label>
            <select id={toId} value={to} onChange={(e) => setTo(e.target.value as 'everyone' | 'facilitators')}>
              <option value="everyone">Everyone here</option>
              <option value="facilitators">Facilitators only</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={inputId}>{target === 'facilitators' ? 'Message to the facilitators' : 'Message'}</label>
          <textarea id={inputId} rows={2} maxLength={CHAT_MAX_LENGTH} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.stopPropagation()} />
          <p className="field-hint">
            {text.length}/{CHAT_MAX_LENGTH}
          </p>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="secondary small" aria-disabled={sending || undefined}>
          Send
        </button>
      </form>
    </section>
  );
}

function minutesAgo(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  return minutes < 1 ? 'just now' : `${minutes} min ago`;
}
