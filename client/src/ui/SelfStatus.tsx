import { useHearth } from '../app/context';
import { hearingLine, ordinal, talkState } from '../lib/talk';
import { TurnTimer } from './TurnTimer';

/**
 * A short line about where you stand, next to the controls: your turn (with the timer),
 * your place in the queue, a pending moment, stepping out, and — in structured modes — that
 * you'll be heard on your turn (your own mute choice is left as it is), and that the browser
 * is still handing over the camera and microphone (Join does not wait for them).
 */
export function SelfStatus() {
  const view = useHearth((s) => s.circle.view);
  const micOn = useHearth((s) => s.media.mic.on);
  const asking = useHearth((s) => s.media.status === 'requesting');
  const t = talkState(view);
  if (!t || !view) return null;
  const lines: Array<{ key: string; node: React.ReactNode; tone?: string }> = [];
  if (asking) lines.push({ key: 'devices', node: 'Waiting for your browser to allow the camera and microphone…' });
  if (t.steppedOut) lines.push({ key: 'away', node: "You've stepped out. Your seat is kept — choose Step back when you're ready." });
  if (t.holdsFloor) {
    lines.push({
      key: 'floor',
      tone: 'floor',
      node: (
        <>
          <strong>You have the floor.</strong> Take your time. <TurnTimer timer={view.timer} compact />
        </>
      ),
    });
  }
  if (t.queuePlace !== null) {
    lines.push({ key: 'queue', node: t.replyPending ? 'Your reply is waiting — you’re next when the speaker finishes.' : `Your hand is up — you're ${ordinal(t.queuePlace)} in line.` });
  }
  if (t.needsMoment) lines.push({ key: 'moment', tone: 'moment', node: 'Facilitators know you need a moment.' });
  const hearing = micOn ? hearingLine(t) : null;
  if (hearing) lines.push({ key: 'heard', node: hearing });
  if (lines.length === 0) return null;
  return (
    <ul className="self-status" aria-label="Your status" data-testid="self-status">
      {lines.map((l) => (
        <li key={l.key} className={l.tone ? `status-${l.tone}` : undefined}>
          {l.node}
        </li>
      ))}
    </ul>
  );
}
