import { useId, useState } from 'react';
import { useHearth } from '../app/context';
import { hostedShareLink } from '../lib/circleAccess';
import { routeLinkKey } from '../lib/route';
import { ActionButton } from './ActionButton';
import { ConfirmDialog } from './ConfirmDialog';
import { FormAlert } from './forms';

/** Copies `text`; when the browser refuses, shows it in a prompt to copy by hand. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    window.prompt('Copy this link:', text);
    return false;
  }
}

/** The hosted circle's current link, for its creator (null when revoked or unknown here). */
export function useHostedShareLink(circleId: string): string | null {
  const hosted = useHearth((s) => s.hosted);
  const linkKey = useHearth((s) => routeLinkKey(s.ui.route, circleId));
  return hostedShareLink(hosted, circleId, linkKey, window.location.origin);
}

/**
 * "Share link": a hosted circle's link with Copy, Replace (the old one stops working) and
 * Revoke (after a confirm). Only its creator sees it: on the pre-join screen and in the
 * facilitation panel.
 */
export function ShareLinkSection({ circleId, heading = 'h3' }: { circleId: string; heading?: 'h2' | 'h3' }) {
  const link = useHostedShareLink(circleId);
  const known = useHearth((s) => s.hosted.circleId === circleId);
  const busy = useHearth((s) => s.hosted.busy);
  const replace = useHearth((s) => s.replaceHostedLink);
  const revoke = useHearth((s) => s.revokeHostedLink);
  const end = useHearth((s) => s.endHostedCircle);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const titleId = useId();
  const fieldId = useId();
  const Heading = heading;

  const copy = async () => {
    if (!link) return;
    if (await copyText(link)) {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2500);
    }
  };
  const onReplace = async () => {
    const result = await replace(circleId);
    setError(result.ok ? null : result.message);
    setCopied(false);
  };
  const onEnd = async () => {
    setConfirmEnd(false);
    const result = await end(circleId);
    if (!result.ok) setError(result.message);
  };
  const onRevoke = async () => {
    setConfirmRevoke(false);
    const result = await revoke(circleId);
    setError(result.ok ? null : result.message);
    setCopied(false);
  };

  return (
    <section className="panel-block share-link" aria-labelledby={titleId} data-testid="share-link">
      <Heading id={titleId}>Share link</Heading>
      {link ? (
        <>
          <p className="soft">Anyone with this link can ask to join. You let them in.</p>
          <label htmlFor={fieldId}>Circle link</label>
          <input id={fieldId} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="share-link-url" />
        </>
      ) : known ? (
        <p role="status" data-testid="link-revoked">
          Link revoked. Nobody new can join with it. Make a new link to invite people again.
        </p>
      ) : (
        <p className="soft">This page was opened without the link. Make a new one to share (the old one stops working).</p>
      )}
      <FormAlert message={error} />
      <div className="button-row">
        {link ? (
          <button type="button" className="primary" onClick={() => void copy()}>
            <span aria-live="polite">{copied ? 'Link copied' : 'Copy link'}</span>
          </button>
        ) : null}
        <ActionButton className="secondary" disabled={busy !== null} onClick={() => void onReplace()}>
          {busy === 'replace' ? 'Making a new link…' : link ? 'Replace link' : 'Make a new link'}
        </ActionButton>
        {link ? (
          <ActionButton className="secondary danger" disabled={busy !== null} onClick={() => setConfirmRevoke(true)}>
            {busy === 'revoke' ? 'Revoking…' : 'Revoke link'}
          </ActionButton>
        ) : null}
        <ActionButton className="secondary danger" disabled={busy !== null} onClick={() => setConfirmEnd(true)}>
          {busy === 'end' ? 'Ending…' : 'End circle'}
        </ActionButton>
      </div>
      <ConfirmDialog
        open={confirmEnd}
        title="End this circle for good?"
        confirmLabel="End circle"
        cancelLabel="Keep circle"
        onCancel={() => setConfirmEnd(false)}
        onConfirm={() => void onEnd()}
      >
        <p>Its name and link are deleted. People already here stay until they leave; nobody can join it again, you included.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmRevoke}
        title="Revoke this circle's link?"
        confirmLabel="Revoke link"
        cancelLabel="Keep link"
        onCancel={() => setConfirmRevoke(false)}
        onConfirm={() => void onRevoke()}
      >
        <p>Nobody new can join with it. People already here stay. You can make a new link later.</p>
      </ConfirmDialog>
    </section>
  );
}
