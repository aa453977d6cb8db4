import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useHearth } from '../app/context';
import { chimeChoice, onChimeChoice, playChime, setChimeChoice } from '../lib/chime';

/** Ids of the facilitation panel's sections a badge leads to. */
export const ATTENTION_TARGETS = { lobby: 'lobby-title', moments: 'moments-title' } as const;

/** Facilitators: who is waiting in the lobby and who asked for a moment (not counting themselves). */
export function useAttention(): { waiting: number; moments: number; waitingIds: string[]; momentIds: string[] } {
  // Stable slices from the store; the lists are derived here (selectors must not build arrays).
  const view = useHearth((s) => s.circle.view);
  const circleId = useHearth((s) => s.circle.circleId);
  const lobby = useHearth((s) => s.lobby);
  return useMemo(() => {
    if (view?.you?.role !== 'facilitator') return { waiting: 0, moments: 0, waitingIds: EMPTY, momentIds: EMPTY };
    const waitingIds = lobby.waitingCircleId === circleId ? lobby.waiting.map((e) => e.entryId) : EMPTY;
    const momentIds = view.participants.filter((p) => p.needsMoment && p.id !== view.you?.id).map((p) => p.id);
    return { waiting: waitingIds.length, moments: momentIds.length, waitingIds, momentIds };
  }, [view, circleId, lobby]);
}
const EMPTY: string[] = [];

/** The facilitator's choice of the soft sound, shared by every part of the page. */
export function useChimeChoice(): [boolean, (on: boolean) => void] {
  return [useSyncExternalStore(onChimeChoice, chimeChoice, () => false), setChimeChoice];
}

/** Plays the soft sound (if chosen) when someone new knocks or asks for a moment. */
export function useAttentionSound(): void {
  const { waitingIds, momentIds } = useAttention();
  const [soundOn] = useChimeChoice();
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const now = new Set([...waitingIds.map((id) => `w:${id}`), ...momentIds.map((id) => `m:${id}`)]);
    const before = seen.current;
    seen.current = now;
    // The first look (joining a circle where people already wait) is not news.
    if (before === null || !soundOn) return;
    if ([...now].some((k) => !before.has(k))) playChime();
  }, [waitingIds, momentIds, soundOn]);
}

/**
 * Header badges for facilitators: "2 waiting", "1 needs a moment". Each leads to its part
 * of the facilitation panel (opening the drawer first on narrow screens).
 */
export function AttentionBadges({ onOpen }: { onOpen(targetId: string): void }) {
  const { waiting, moments } = useAttention();
  return (
    <>
      {waiting > 0 ? (
        <button type="button" className="lobby-badge" data-testid="lobby-badge" onClick={() => onOpen(ATTENTION_TARGETS.lobby)}>
          <span className="lobby-badge-dot" aria-hidden="true" />
          {waiting} waiting<span className="sr-only"> in the lobby</span>
        </button>
      ) : null}
      {moments > 0 ? (
        <button type="button" className="lobby-badge moment-badge" data-testid="moment-badge" onClick={() => onOpen(ATTENTION_TARGETS.moments)}>
          <span className="lobby-badge-dot" aria-hidden="true" />
          {moments} {moments === 1 ? 'needs' : 'need'} a moment
        </button>
      ) : null}
    </>
  );
}

/** The switch for the soft sound, in the facilitation panel. */
export function ChimeSwitch() {
  const [on, set] = useChimeChoice();
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={on}
        onChange={(e) => {
          set(e.target.checked);
          if (e.target.checked) playChime();
        }}
      />
      <span className="switch-text">
        <span>Soft sound</span>
        <span className="soft">A quiet chime when someone asks to join or needs a moment.</span>
      </span>
    </label>
  );
}
