import { useRef } from 'react';
import { REACTION_KINDS } from '@hearth/shared';
import { useHearth } from '../app/context';
import { ActionButton } from './ActionButton';
import { REACTION_LABELS, talkState, replyRefusal } from '../lib/talk';
import { CheckIcon, HandIcon, LeafIcon, PassIcon, ReplyIcon, SmileIcon, StepOutIcon } from './icons';
import { MenuButton } from './Menu';
import { ReactionIcon } from './ReactionIcon';

/**
 * The talk controls: hand, reply, pass, finish, react. Shown only when they can apply, with
 * names that say what pressing does. Pass sits next to Finish on your turn, as an equal:
 * passing is normal here.
 */
export function TalkControls() {
  const view = useHearth((s) => s.circle.view);
  const pending = useHearth((s) => s.rules.pending);
  const send = useHearth((s) => s.sendCommand);
  const handRef = useRef<HTMLButtonElement>(null);
  const t = talkState(view);
  if (!t) return null;
  const busy = (type: string) => pending.includes(type);
  /**
   * Sends, then keeps keyboard focus in the controls: "Finish turn" disappears once the turn
   * is over, so focus moves to the hand button instead of falling back to the page.
   */
  const sendKeepingFocus = async (command: Parameters<typeof send>[0]) => {
    await send(command);
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body) handRef.current?.focus();
    });
  };

  const handLabel = t.handRaised ? 'Lower hand' : 'Raise hand';
  return (
    <div className="control-group" role="group" aria-label="Taking turns">
      <ActionButton
        ref={handRef}
        className={t.handRaised ? 'control control-active' : 'control'}
        aria-pressed={t.handRaised}
        aria-keyshortcuts="H"
        disabled={(t.handRaised ? false : !t.canRaiseHand) || busy('raiseHand') || busy('lowerHand')}
        onClick={() => void send({ type: t.handRaised ? 'lowerHand' : 'raiseHand' })}
      >
        <HandIcon />
        <span>{handLabel}</span>
      </ActionButton>
      {t.repliesOffered ? (
        <ActionButton
          className="control"
          aria-keyshortcuts="R"
          disabled={!t.canReply || busy('raiseReply')}
          onClick={() => void send({ type: 'raiseReply' })}
          title={replyRefusal(t) ?? undefined}
        >
          <ReplyIcon />
          <span>Reply</span>
        </ActionButton>
      ) : null}
      {t.mode === 'round' || t.holdsFloor ? (
        <ActionButton className="control" aria-keyshortcuts="P" disabled={!t.canPass || busy('pass')} onClick={() => void sendKeepingFocus({ type: 'pass' })}>
          <PassIcon />
          <span>Pass</span>
        </ActionButton>
      ) : null}
      {t.holdsFloor ? (
        <ActionButton className="control control-primary" aria-keyshortcuts="F" disabled={busy('finishTurn')} onClick={() => void sendKeepingFocus({ type: 'finishTurn' })}>
          <CheckIcon />
          <span>Finish turn</span>
        </ActionButton>
      ) : null}
      <MenuButton
        label="React"
        visibleLabel="React"
        icon={<SmileIcon />}
        keyShortcuts="1 2 3 4"
        menuClassName="menu-up"
        items={REACTION_KINDS.map((kind) => ({
          key: kind,
          label: REACTION_LABELS[kind],
          icon: <ReactionIcon kind={kind} />,
          onSelect: () => void send({ type: 'react', kind }),
        }))}
      />
    </div>
  );
}

/**
 * "I need a moment" and "Step out": the quiet controls for looking after yourself. When a
 * moment is pending the person sees that the facilitators know, and can withdraw it.
 */
export function CareControls() {
  const view = useHearth((s) => s.circle.view);
  const pending = useHearth((s) => s.rules.pending);
  const send = useHearth((s) => s.sendCommand);
  const t = talkState(view);
  if (!t) return null;
  const busy = (type: string) => pending.includes(type);
  return (
    <div className="control-group" role="group" aria-label="Looking after yourself">
      <ActionButton
        className={t.needsMoment ? 'control control-moment' : 'control'}
        aria-keyshortcuts="N"
        disabled={busy('requestMoment') || busy('withdrawMoment')}
        onClick={() => void send({ type: t.needsMoment ? 'withdrawMoment' : 'requestMoment' })}
      >
        <LeafIcon />
        <span>{t.needsMoment ? 'Withdraw moment' : 'I need a moment'}</span>
      </ActionButton>
      <ActionButton
        className={t.steppedOut ? 'control control-active' : 'control'}
        disabled={busy('stepOut') || busy('stepBack')}
        onClick={() => void send({ type: t.steppedOut ? 'stepBack' : 'stepOut' })}
      >
        <StepOutIcon />
        <span>{t.steppedOut ? 'Step back' : 'Step out'}</span>
      </ActionButton>
    </div>
  );
}
