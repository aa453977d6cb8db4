import type { ReactionKind } from '@hearth/shared';
import { HeartIcon, MeTooIcon, ResonatesIcon, ThanksIcon } from './icons';

/** The icon of a reaction (decorative: the label always goes with it). */
export function ReactionIcon({ kind, size = 20 }: { kind: ReactionKind; size?: number }) {
  switch (kind) {
    case 'meToo':
      return <MeTooIcon size={size} />;
    case 'resonates':
      return <ResonatesIcon size={size} />;
    case 'thankYou':
      return <ThanksIcon size={size} />;
    case 'heart':
      return <HeartIcon size={size} />;
  }
}
