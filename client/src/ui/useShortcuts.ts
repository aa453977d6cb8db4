import { useEffect } from 'react';
import type { HearthStore } from '../store/createStore';
import { isTypingTarget, shortcutFor, type ShortcutAction } from '../lib/shortcuts';
import { replyRefusal, talkState } from '../lib/talk';

/**
 * Binds the room's keyboard shortcuts to the store's actions. Each one checks the same
 * {@link talkState} as the buttons, so a key can only do what a visible button could; when
 * it can't, a polite announcement says why instead of sending a command the server refuses.
 */
export function useShortcuts(store: HearthStore, openHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog (shortcuts help, confirm) owns the keyboard while open.
      if (document.querySelector('dialog[open]')) return;
      const action = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        repeat: e.repeat,
        typing: isTypingTarget(e.target),
      });
      if (!action) return;
      e.preventDefault();
      run(store, action, openHelp);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, openHelp]);
}

function run(store: HearthStore, action: ShortcutAction, openHelp: () => void): void {
  const s = store.getState();
  const t = talkState(s.circle.view);
  const say = (message: string) => s.announce(message);
  switch (action.type) {
    case 'help':
      openHelp();
      return;
    case 'toggleMic':
      void s.toggleMic();
      return;
    case 'toggleCamera':
      void s.toggleCamera();
      return;
    default:
  }
  if (!t) return;
  switch (action.type) {
    case 'toggleHand':
      if (t.handRaised) void s.sendCommand({ type: 'lowerHand' });
      else if (t.canRaiseHand) void s.sendCommand({ type: 'raiseHand' });
      else say(t.holdsFloor ? 'You have the floor already.' : "You can't raise your hand right now.");
      return;
    case 'pass':
      if (t.canPass) void s.sendCommand({ type: 'pass' });
      else say("Pass is for when it's your turn.");
      return;
    case 'finishTurn':
      if (t.canFinish) void s.sendCommand({ type: 'finishTurn' });
      else say("You don't have the floor.");
      return;
    case 'reply':
      if (t.canReply) void s.sendCommand({ type: 'raiseReply' });
      else say(replyRefusal(t) ?? "You can't reply right now.");
      return;
    case 'toggleMoment':
      void s.sendCommand({ type: t.needsMoment ? 'withdrawMoment' : 'requestMoment' });
      return;
    case 'react':
      if (t.present) void s.sendCommand({ type: 'react', kind: action.kind });
      return;
  }
}
