import { useHearth } from '../app/context';
import { MODE_LABELS, talkSummary } from '../lib/talk';
import { TurnTimer } from './TurnTimer';

/**
 * The talk order at a glance, right under the circle's title on phones and narrow windows
 * (wide screens have the whole Talk order panel in view): who speaks, who is next, and your
 * place. Not a live region: the floor and your place are announced once, by the announcer.
 */
export function TalkSummaryBar() {
  const view = useHearth((s) => s.circle.view);
  const summary = talkSummary(view);
  if (!summary || !view) return null;
  return (
    <section className="talk-summary" aria-label="Talk order at a glance" data-testid="talk-summary">
      <p className="talk-summary-mode">{MODE_LABELS[summary.mode]}</p>
      {summary.speaking ? (
        <p className="talk-summary-floor">
          <span className="soft">Speaking:</span> <strong>{summary.speaking}</strong> <TurnTimer timer={view.timer} compact />
        </p>
      ) : summary.mode === 'open' ? (
        <p className="soft">Anyone may speak.</p>
      ) : (
        <p className="soft">Nobody has the floor.</p>
      )}
      {summary.next ? (
        <p>
          <span className="soft">Next:</span> {summary.next}
        </p>
      ) : null}
      {summary.you ? (
        <p className="talk-summary-you" data-testid="talk-summary-you">
          {summary.you}
        </p>
      ) : null}
    </section>
  );
}
