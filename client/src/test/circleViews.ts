import { applyCommand, createCircleState, viewFor, type CircleCommandInput, type CircleState, type CircleView, type JoinedCircle } from '@hearth/shared';
import { joinedCircle } from './fakeServices';

/** Applies commands with the real rules engine; throws on a refusal (a broken test set-up). */
export function apply(state: CircleState, actor: string, command: CircleCommandInput, now = state.version + 1000): CircleState {
  const result = applyCommand(state, command as Parameters<typeof applyCommand>[1], actor, now);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.error.message}`);
  return result.state;
}

/** A circle with "me" (the first in: facilitator unless `role` says otherwise), Ada and Bo. */
export function threePeople(role: 'facilitator' | 'member' = 'facilitator'): CircleState {
  let s = createCircleState('circle1', 0);
  if (role === 'member') s = apply(s, 'f', { type: 'join', name: 'Fran', role: 'facilitator' });
  s = apply(s, 'me', { type: 'join', name: 'Me', role });
  s = apply(s, 'a', { type: 'join', name: 'Ada', role: 'member' });
  s = apply(s, 'b', { type: 'join', name: 'Bo', role: 'member' });
  return s;
}

/** What "me" sees of `state`. */
export function myView(state: CircleState, now = 5_000): CircleView {
  return viewFor(state, 'me', now);
}

/** A join ack whose rules view is `state` as "me" sees it, with Ada and Bo's media. */
export function joinedWith(state: CircleState): JoinedCircle {
  return {
    ...joinedCircle([
      { peerId: 'a', displayName: 'Ada', producers: [] },
      { peerId: 'b', displayName: 'Bo', producers: [] },
    ]),
    circle: myView(state),
  };
}
