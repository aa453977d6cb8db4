import { useHearth } from '../app/context';

/**
 * Connection problems: "Can't reach the Hearth server…" while retrying, or "Please
 * reload the page" after a protocol mismatch. Hidden while connected or on first try.
 */
export function ConnectionBanner() {
  const { status, failedAttempts } = useHearth((s) => s.connection);
  const retry = useHearth((s) => s.retryConnection);

  if (status === 'mismatch') {
    return (
      <div className="banner banner-warn" role="alert">
        <p>
          <strong>Hearth has been updated.</strong> Please reload the page to keep going.
        </p>
        <button type="button" className="secondary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
  if (status !== 'unreachable' && status !== 'reconnecting') return null;
  return (
    <div className="banner" role="alert" data-connection={status}>
      <p>
        <strong>Can't reach the Hearth server…</strong>{' '}
        {status === 'reconnecting' && failedAttempts === 0
          ? 'The connection dropped. Reconnecting…'
          : `Retrying automatically${failedAttempts > 1 ? ` (attempt ${failedAttempts})` : ''}. Check your internet connection.`}
      </p>
      <button type="button" className="secondary" onClick={retry}>
        Try now
      </button>
    </div>
  );
}

/** Errors from acks and media, each its own alert with a dismiss button. */
export function ErrorAlerts() {
  const errors = useHearth((s) => s.ui.errors);
  const dismiss = useHearth((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="alerts">
      {errors.map((e) => (
        <div key={e.id} className="banner banner-error" role="alert" data-code={e.code ?? undefined}>
          <p>{e.message}</p>
          <button type="button" className="secondary" onClick={() => dismiss(e.id)} aria-label="Dismiss message">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

/** Screen-reader announcements ("Sam joined"), politely. Visually hidden. */
export function Announcer() {
  const announcement = useHearth((s) => s.ui.announcement);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {announcement}
    </div>
  );
}
