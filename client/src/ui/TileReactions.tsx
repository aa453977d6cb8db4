import { useMemo } from 'react';
import { useHearth } from '../app/context';
import { REACTION_LABELS } from '../lib/talk';
import { ReactionIcon } from './ReactionIcon';

/** Reactions shown at once on one tile; older ones have floated away already. */
const SHOWN = 3;

/**
 * Reactions floating up on their sender's tile for a few seconds. Hidden from screen
 * readers: the announcer already said "Sam: Thank you".
 */
export function TileReactions({ peerId }: { peerId: string }) {
  const all = useHearth((s) => s.rules.reactions);
  const mine = useMemo(() => all.filter((r) => r.from === peerId).slice(-SHOWN), [all, peerId]);
  if (mine.length === 0) return null;
  return (
    <div className="tile-reactions" aria-hidden="true">
      {mine.map((r) => (
        <span key={r.id} className={`reaction reaction-${r.kind}`} data-reaction={r.kind}>
          <ReactionIcon kind={r.kind} size={18} />
          <span>{REACTION_LABELS[r.kind]}</span>
        </span>
      ))}
    </div>
  );
}
