import type { VisitPreferences } from '@hearth/shared';
import { errorCodeOf } from '../net/request';
import type { LinkSlice, LinkState } from './linkTypes';
import type { SliceCreator } from './types';

const calm: LinkState = { downlinkWeak: false, uplinkWeak: false, downlinkDismissed: false, uplinkDismissed: false };

/** See {@link LinkSlice}. Preferences change at once on screen; the server is told when in a circle. */
export const createLinkSlice: SliceCreator<LinkSlice> = (services) => (set, get) => {
  const inCircle = () => get().circle.phase !== 'idle' && get().circle.phase !== 'leaving';
  const setPrefs = (update: Partial<VisitPreferences>) => set((s) => ({ visitPrefs: { ...s.visitPrefs, ...update } }));
  const setLink = (update: Partial<LinkState>) => set((s) => ({ link: { ...s.link, ...update } }));

  /**
   * Tells the server. Not in its circle (yet, or any more: a rejoin under way): the next join
   * ack sends every preference anyway. Another failure is shown.
   */
  const tell = async (update: Partial<VisitPreferences>) => {
    try {
      await services().request('setVisitPreferences', update);
    } catch (err) {
      if (errorCodeOf(err) === 'NOT_IN_CIRCLE') return;
      get().pushError(err instanceof Error && err.message ? err.message : "Couldn't change that setting.", errorCodeOf(err));
    }
  };

  return {
    link: calm,
    // The remembered setting is read on joining (services are not there while the store is built).
    visitPrefs: { audioOnly: false, lowerHandWhenSpeaking: false },

    onDownlinkQuality: (weak) => setLink(weak ? { downlinkWeak: true } : { downlinkWeak: false, downlinkDismissed: false }),

    uplinkChanged: (weak) => setLink(weak ? { uplinkWeak: true } : { uplinkWeak: false, uplinkDismissed: false }),

    dismissLinkNotice: (which) => setLink(which === 'downlink' ? { downlinkDismissed: true } : { uplinkDismissed: true }),

    setAudioOnly: async (on) => {
      if (get().visitPrefs.audioOnly === on) return;
      setPrefs({ audioOnly: on });
      services().rememberAudioOnly(on ? get().circle.circleId : null);
      get().announce(on ? 'Audio only: you receive no video.' : 'Video is back on.');
      if (inCircle()) await tell({ audioOnly: on });
    },

    setLowerHandWhenSpeaking: async (on) => {
      setPrefs({ lowerHandWhenSpeaking: on });
      services().rememberLowerHandWhenSpeaking(on);
      if (inCircle()) await tell({ lowerHandWhenSpeaking: on });
    },

    visitStarted: async (circleId, rejoining) => {
      set({ link: calm });
      const audioOnly = rejoining && (get().visitPrefs.audioOnly || services().recallAudioOnly() === circleId);
      const lowerHandWhenSpeaking = get().visitPrefs.lowerHandWhenSpeaking || services().recallLowerHandWhenSpeaking();
      // A new visit forgets audio only (the tab's memory of it too).
      if (get().visitPrefs.audioOnly !== audioOnly || !rejoining) services().rememberAudioOnly(audioOnly ? circleId : null);
      setPrefs({ audioOnly, lowerHandWhenSpeaking });
      // The server's defaults are both off: nothing to say.
      if (!audioOnly && !lowerHandWhenSpeaking) return;
      await tell({ audioOnly, lowerHandWhenSpeaking });
    },
  };
};
