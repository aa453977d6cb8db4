import { cameraStartMessage, mediaOutcomeMessage } from '../lib/mediaMessages';
import { deviceProblemOf } from '../media/deviceProblem';
import { errorCodeOf } from '../net/request';
import type { LocalDeviceState, MediaSlice, MediaState, SliceCreator } from './types';

const noDevice: LocalDeviceState = { available: false, on: false, problem: null, busy: false };

/** Local media before asking the browser for anything. */
export const initialMedia: MediaState = { status: 'idle', mic: noDevice, camera: noDevice };

/**
 * Media slice: local camera/microphone state and the mute / camera toggles. Toggles are
 * optimistic (muting must feel instant) and roll back if the device or server says no.
 */
export const createMediaSlice: SliceCreator<MediaSlice> = (services) => (set, get) => {
  const setDevice = (which: 'mic' | 'camera', update: Partial<LocalDeviceState>) =>
    set((s) => ({ media: { ...s.media, [which]: { ...s.media[which], ...update } } }));

  /** Devices as they were before a reload, applied once (see setPreferredDevices). */
  let preferred: { micOn: boolean; cameraOn: boolean } | null = null;
  const applyPreferred = async () => {
    const wanted = preferred;
    const { media } = get();
    if (!wanted || media.status !== 'ready') return;
    preferred = null;
    if (!wanted.micOn && media.mic.on) {
      await services().setMicOn(false).catch(() => undefined);
      setDevice('mic', { on: false });
    }
    if (!wanted.cameraOn && media.camera.on) {
      await services().setCameraOn(false).catch(() => undefined);
      setDevice('camera', { on: false });
    }
  };

  return {
    media: initialMedia,

    setPreferredDevices: (wanted) => {
      preferred = wanted;
      void applyPreferred();
    },

    startPreview: async () => {
      if (get().media.status !== 'idle') return;
      set({ media: { ...initialMedia, status: 'requesting' } });
      const outcome = await services().acquireLocalMedia();
      // Devices as they were before a reload, before anything can be sent: the join (which
      // does not wait for the devices) sends them as soon as they are `ready`.
      const wanted = preferred;
      preferred = null;
      const micOn = outcome.mic && (wanted?.micOn ?? true);
      const cameraOn = outcome.camera && (wanted?.cameraOn ?? true);
      if (outcome.mic && !micOn) await services().setMicOn(false).catch(() => undefined);
      if (outcome.camera && !cameraOn) await services().setCameraOn(false).catch(() => undefined);
      // The page may have been left while the permission prompt was open.
      if (get().media.status !== 'requesting') {
        services().releaseLocalMedia();
        return;
      }
      set({
        media: {
          status: 'ready',
          mic: { available: outcome.mic, on: micOn, problem: outcome.micProblem, busy: false },
          camera: { available: outcome.camera, on: cameraOn, problem: outcome.cameraProblem, busy: false },
        },
      });
      // Joined (or joining) before the devices came, e.g. a permission prompt answered late:
      // send them now; a session not set up yet sends them itself once it is.
      const { phase } = get().circle;
      if (phase === 'joining' || phase === 'joined' || phase === 'rejoining') {
        await services()
          .publishLocalTracks()
          .catch((err: unknown) => get().pushError(err instanceof Error && err.message ? err.message : "Couldn't send your camera and microphone.", errorCodeOf(err)));
        get().rememberDevices();
      }
      const message = mediaOutcomeMessage(outcome);
      if (message) get().announce(message);
    },

    stopPreview: () => {
      services().releaseLocalMedia();
      set({ media: initialMedia });
    },

    toggleMic: async () => {
      const { mic } = get().media;
      if (!mic.available || mic.busy) return;
      const next = !mic.on;
      setDevice('mic', { on: next, busy: true });
      try {
        await services().setMicOn(next);
        get().announce(next ? 'Microphone on' : 'Microphone muted');
        get().rememberDevices();
      } catch (err) {
        setDevice('mic', { on: !next });
        get().pushError(err instanceof Error ? err.message : "Couldn't change your microphone.", errorCodeOf(err));
      } finally {
        setDevice('mic', { busy: false });
      }
    },

    toggleCamera: async () => {
      const { camera } = get().media;
      if (!camera.available || camera.busy) return;
      const next = !camera.on;
      setDevice('camera', { on: next, busy: true });
      try {
        await services().setCameraOn(next);
        setDevice('camera', { problem: null });
        get().announce(next ? 'Camera on' : 'Camera off');
        get().rememberDevices();
      } catch (err) {
        setDevice('camera', { on: false });
        const problem = deviceProblemOf(err);
        if (problem) {
          setDevice('camera', { problem });
          get().pushError(cameraStartMessage(problem), 'MEDIA_ERROR');
        } else {
          get().pushError(err instanceof Error ? err.message : "Couldn't change your camera.", errorCodeOf(err));
        }
      } finally {
        setDevice('camera', { busy: false });
      }
    },

    micForcedOff: async () => {
      const { mic } = get().media;
      if (!mic.available || !mic.on) return;
      setDevice('mic', { on: false, busy: true });
      try {
        // Pauses the local producer so nothing is sent, matching the server's pause.
        await services().setMicOn(false);
      } catch {
        // The server already paused it; the local state is right either way.
      } finally {
        setDevice('mic', { busy: false });
      }
    },

    cameraForcedOff: async () => {
      const { camera } = get().media;
      if (!camera.available || !camera.on) return;
      setDevice('camera', { on: false, busy: true });
      try {
        // Stops the track too: the camera light goes off, as with "Stop camera".
        await services().setCameraOn(false);
      } catch {
        // The server already paused the producer.
      } finally {
        setDevice('camera', { busy: false });
      }
    },
  };
};
