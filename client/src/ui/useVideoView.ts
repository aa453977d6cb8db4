import { useEffect, useRef, type RefObject } from 'react';
import { useHearthStore } from '../app/context';

/** Resizes settle for this long before the SFU is asked for another layer. */
const SETTLE_MS = 250;
/** A tile this close to the screen counts as visible, so scrolling back shows it without waiting. */
const VISIBLE_MARGIN = '100px';

/**
 * Reports how a remote person's video tile is shown (its width, whether it is on screen,
 * veiled, emphasised) to the store, which asks the SFU for the layer that fits or pauses
 * the video. The first report goes as soon as both size and visibility are known; later
 * ones wait for the tile to settle; veiling and emphasis go at once.
 */
export function useVideoView(ref: RefObject<HTMLElement | null>, consumerId: string | null, steppedOut: boolean, emphasised: boolean): void {
  const store = useHearthStore();
  const seen = useRef({ width: -1, visible: null as boolean | null });
  const flags = useRef({ steppedOut, emphasised });
  flags.current = { steppedOut, emphasised };
  const reportNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    const el = ref.current;
    if (!el || !consumerId) return;
    seen.current = { width: -1, visible: null };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reported = false;
    const report = () => {
      timer = undefined;
      const { width, visible } = seen.current;
      if (width < 0 || visible === null) return;
      reported = true;
      void store.getState().videoViewed(consumerId, { width, visible, ...flags.current });
    };
    const changed = () => {
      if (!reported) return report();
      clearTimeout(timer);
      timer = setTimeout(report, SETTLE_MS);
    };
    reportNow.current = () => {
      clearTimeout(timer);
      report();
    };
    const sizes = new ResizeObserver((entries) => {
      const entry = entries.at(-1);
      if (!entry) return;
      seen.current.width = Math.round(entry.contentRect.width);
      changed();
    });
    const sight = new IntersectionObserver(
      (entries) => {
        const entry = entries.at(-1);
        if (!entry) return;
        seen.current.visible = entry.isIntersecting;
        changed();
      },
      { rootMargin: VISIBLE_MARGIN },
    );
    sizes.observe(el);
    sight.observe(el);
    return () => {
      sizes.disconnect();
      sight.disconnect();
      clearTimeout(timer);
      reportNow.current = () => undefined;
      store.getState().videoUnviewed(consumerId);
    };
  }, [ref, consumerId, store]);

  useEffect(() => reportNow.current(), [steppedOut, emphasised]);
}
