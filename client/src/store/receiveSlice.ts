import { mergePreferences, preferenceChanges, videoPreferences } from '../lib/layerPolicy';
import { errorCodeOf } from '../net/request';
import type { ReceiveSlice, SliceCreator } from './types';

/**
 * Receive slice: what each remote video should be, as its tile is shown. Tiles report their
 * size and visibility; the slice turns that into the layer that fits (or a pause) and sends
 * only what changed. This is an optimisation the person never asked for: a failure is not
 * shown to them; the next report tries again.
 */
export const createReceiveSlice: SliceCreator<ReceiveSlice> = (services) => (set, get) => {
  const forget = (consumerId: string) =>
    set((s) => {
      if (!(consumerId in s.receive.videoPreferences)) return s;
      const { [consumerId]: _gone, ...rest } = s.receive.videoPreferences;
      return { receive: { ...s.receive, videoPreferences: rest } };
    });

  return {
    receive: { videoPreferences: {}, activeSpeakerId: null },

    onActiveSpeaker: (peerId) => set((s) => (s.receive.activeSpeakerId === peerId ? s : { receive: { ...s.receive, activeSpeakerId: peerId } })),

    videoViewed: async (consumerId, view) => {
      const last = get().receive.videoPreferences[consumerId];
      const changes = preferenceChanges(last, videoPreferences(view));
      if (!changes) return;
      // Recorded before the request, so a report arriving meanwhile compares with it.
      set((s) => ({ receive: { ...s.receive, videoPreferences: { ...s.receive.videoPreferences, [consumerId]: mergePreferences(last, changes) } } }));
      try {
        await services().request('setConsumerPreferences', { consumerId, ...changes });
      } catch (err) {
        // Unknown from now on: the next report sends everything again (or the consumer is gone).
        forget(consumerId);
        if (errorCodeOf(err) !== 'NOT_FOUND') console.warn('setConsumerPreferences failed', err);
      }
    },

    videoUnviewed: (consumerId) => forget(consumerId),
  };
};
