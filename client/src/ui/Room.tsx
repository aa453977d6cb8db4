import { useCallback, useState } from 'react';
import { useHearth, useHearthStore } from '../app/context';
import { hostedAccessOf, sessionAccessOf, sessionTitle } from '../lib/circleAccess';
import { MODE_LABELS } from '../lib/talk';
import { ChatPanel } from './ChatPanel';
import { CircleStage } from './CircleStage';
import { ConfirmDialog } from './ConfirmDialog';
import { FacilitationPanel } from './FacilitationPanel';
import { GroupsBanner } from './Groups';
import { KeyboardIcon, LeaveIcon } from './icons';
import { AttentionBadges, useAttention, useAttentionSound } from './Attention';
import { FacilitationDrawer } from './FacilitationDrawer';
import { TalkSummaryBar } from './TalkSummary';
import { useMediaQuery, WIDE_CIRCLE_QUERY } from './useMediaQuery';
import { MediaToggles } from './MediaToggles';
import { LinkNotices } from './LinkNotices';
import { Notices } from './Notices';
import { SelfStatus } from './SelfStatus';
import { copyText, useHostedShareLink } from './ShareLink';
import { ShortcutsDialog } from './ShortcutsDialog';
import { CareControls, TalkControls } from './TalkControls';
import { TalkPanel } from './TalkPanel';
import { useShortcuts } from './useShortcuts';
import { VisitOptions } from './VisitOptions';

/**
 * The circle itself: the ring of tiles, the talk order and (for facilitators) the
 * facilitation panel beside it, private notices, and the controls bar.
 */
export function Room({ circleId }: { circleId: string }) {
  const phase = useHearth((s) => s.circle.phase);
  // Everyone seated, from the rules view (people reconnecting included); media peers until it arrives.
  const count = useHearth((s) => s.circle.view?.participants.length ?? s.circle.peerOrder.length + 1);
  const mode = useHearth((s) => s.circle.view?.rules.mode ?? null);
  const inGroups = useHearth((s) => s.circle.view?.groups !== undefined);
  const locked = useHearth((s) => s.circle.view?.locked ?? false);
  const leave = useHearth((s) => s.leave);
  // A cohort session's circle is named after its cohort; its link is no invitation.
  const session = useHearth((s) => sessionAccessOf(s.access, circleId));
  // A hosted circle is named by its creator; its link (with the key) is the invitation.
  const hosted = useHearth((s) => hostedAccessOf(s.access, circleId));
  const store = useHearthStore();
  const [helpOpen, setHelpOpen] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const send = useHearth((s) => s.sendCommand);
  const steppedOut = useHearth((s) => s.circle.view?.you?.presence === 'steppedOut');
  const isFacilitator = useHearth((s) => s.circle.view?.you?.role === 'facilitator' && !s.circle.view.ended);
  // Wide: the panels sit beside the circle. Narrow (phones): the talk order at a glance on
  // top, and the facilitation panel in a drawer.
  const wide = useMediaQuery(WIDE_CIRCLE_QUERY);
  const [drawer, setDrawer] = useState(false);
  const attention = useAttention();
  useAttentionSound();
  const openTarget = useCallback(
    (targetId: string) => {
      const focus = () => {
        const heading = document.getElementById(targetId);
        heading?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        heading?.focus({ preventScroll: true });
      };
      if (wide) return focus();
      setDrawer(true);
      // The drawer renders its content when it opens.
      window.setTimeout(focus, 50);
    },
    [wide],
  );
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(store, openHelp);

  return (
    <div className="room">
      <header className="room-header">
        <div className="room-title">
          {session ? (
            <h1>
              {session.cohort.name} <span className="room-session">{sessionTitle(session)}</span>
            </h1>
          ) : hosted ? (
            <h1 data-testid="circle-name">{hosted.name}</h1>
          ) : (
            <h1>
              Circle <code className="circle-code">{circleId}</code>
            </h1>
          )}
          <p className="room-count">{count === 1 ? 'Just you so far' : `${count} people here`}</p>
          {mode ? (
            <p className="mode-chip" data-testid="mode">
              {inGroups ? 'In groups' : MODE_LABELS[mode]}
              {locked ? ' · locked' : ''}
            </p>
          ) : null}
          <AttentionBadges onOpen={openTarget} />
        </div>
        {isFacilitator && !wide ? (
          <button type="button" className="secondary facilitation-toggle" aria-haspopup="dialog" data-testid="facilitation-toggle" onClick={() => setDrawer(true)}>
            Facilitation
            {attention.waiting + attention.moments > 0 ? <span className="toggle-count">{attention.waiting + attention.moments}</span> : null}
          </button>
        ) : null}
        {phase === 'rejoining' ? (
          <p className="note room-note" role="status" data-testid="reconnecting">
            Reconnecting… your place is kept.
          </p>
        ) : null}
        {session ? null : hosted ? <HostedInviteButton circleId={circleId} /> : <InviteButton link={window.location.href} />}
      </header>

      {/* In pairs and small groups the talk order waits: where you are matters instead. */}
      {wide ? null : inGroups ? <GroupsBanner /> : <TalkSummaryBar />}

      <section className="stage-wrap" aria-label="The circle">
        <CircleStage />
      </section>

      {/* Beside the circle on wide screens (covering nobody's face), above the controls on narrow ones. */}
      <div className="notices-area">
        <LinkNotices />
        <Notices />
      </div>

      {/* Before the side panels in the DOM: the controls are what people reach for most. */}
      <div className="dock">
        <div className="status-slot">
          <SelfStatus />
        </div>
        <nav className="controls" aria-label="Call controls">
          <TalkControls />
          <div className="control-group" role="group" aria-label="Microphone and camera">
            <MediaToggles shortcuts />
          </div>
          <CareControls />
          <div className="control-group">
            <VisitOptions />
            <button type="button" className="control control-quiet" onClick={openHelp} aria-keyshortcuts="?" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
              <KeyboardIcon />
            </button>
            <button type="button" className="control control-leave" onClick={() => setConfirmLeave(true)} disabled={phase === 'leaving'} aria-haspopup="dialog">
              <LeaveIcon />
              <span>Leave</span>
            </button>
          </div>
        </nav>
      </div>

      <aside className="side" aria-label="Talk order, facilitation and chat">
        {wide ? <GroupsBanner /> : null}
        <TalkPanel />
        {wide ? <FacilitationPanel /> : null}
        <ChatPanel />
      </aside>
      {isFacilitator && !wide ? (
        <FacilitationDrawer open={drawer} onClose={() => setDrawer(false)}>
          <FacilitationPanel />
        </FacilitationDrawer>
      ) : null}
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <ConfirmDialog
        open={confirmLeave}
        title="Leave the circle?"
        confirmLabel="Leave"
        cancelLabel="Stay"
        tone="primary"
        onCancel={() => setConfirmLeave(false)}
        onConfirm={() => {
          setConfirmLeave(false);
          void leave();
        }}
        alternative={
          steppedOut
            ? undefined
            : {
                label: 'Step out instead',
                onChoose: () => {
                  setConfirmLeave(false);
                  void send({ type: 'stepOut' });
                },
              }
        }
      >
        <p>
          Your camera and microphone will turn off. {steppedOut ? 'You have stepped out: your seat is kept while you stay.' : 'If you only need a break, step out instead: your seat is kept and you can come back at any time.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** A hosted circle's link (with its key); none once revoked, or for guests who opened it without one. */
function HostedInviteButton({ circleId }: { circleId: string }) {
  const link = useHostedShareLink(circleId);
  return link ? <InviteButton link={link} /> : null;
}

/** Copies the circle link, so inviting someone is one click. */
function InviteButton({ link }: { link: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    // Clipboard access can be refused: then the link is shown to copy by hand.
    if (await copyText(link)) {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2500);
    }
  };
  return (
    <button type="button" className="secondary" onClick={() => void copy()}>
      <span aria-live="polite">{copied ? 'Link copied' : 'Copy invite link'}</span>
    </button>
  );
}
