import { LOCAL_CAMERA_KEY, LOCAL_MIC_KEY } from '../store/selectors';
import type { DeviceProblem, LocalMediaOutcome } from '../store/types';
import { DeviceError, classifyMediaError } from './deviceProblem';
import type { TrackRegistry } from './tracks';

/** Microphone processing suited to speech in a quiet room. */
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** 720p at most: the top simulcast layer; lower layers are scaled down from it. */
const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 24, max: 30 } };

type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/**
 * Owns the local camera and microphone tracks (producers are created with
 * `stopTracks: false`, so tracks outlive a circle and the pre-join preview keeps working).
 * Turning the camera off *stops* the track, so the camera light goes off — people in a
 * support circle should be able to trust that "camera off" means off.
 */
export class LocalMedia {
  private mic: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  private cameraEndedHandler: (() => void) | null = null;

  constructor(private readonly tracks: TrackRegistry) {}

  /** The microphone track, if we have one. */
  get micTrack(): MediaStreamTrack | null {
    return this.mic;
  }

  /** The camera track, if the camera is on. */
  get cameraTrack(): MediaStreamTrack | null {
    return this.camera;
  }

  /** Called when the camera stops by itself (unplugged, revoked); set by the session wiring. */
  onCameraEnded(handler: () => void): void {
    this.cameraEndedHandler = handler;
  }

  /**
   * Asks for camera + microphone, then microphone only, then (if the microphone is what
   * is missing) camera only, and reports what we got and why not. Never throws: joining
   * without devices is allowed. A refusal is respected — no extra prompt for the camera.
   */
  async acquire(): Promise<LocalMediaOutcome> {
    this.release();
    const gum = this.getUserMedia();
    if (typeof gum === 'string') return { mic: false, camera: false, micProblem: gum, cameraProblem: gum };

    let firstProblem: DeviceProblem;
    try {
      this.adopt(await gum({ audio: AUDIO, video: VIDEO }));
      return this.outcome(null, null);
    } catch (err) {
      // Either device may be the culprit; the fallbacks tell which.
      firstProblem = classifyMediaError(err);
    }
    try {
      this.adopt(await gum({ audio: AUDIO }));
      return this.outcome(null, firstProblem);
    } catch (err) {
      const micProblem = classifyMediaError(err);
      if (firstProblem === 'denied') return this.outcome(micProblem, firstProblem);
      try {
        this.adopt(await gum({ video: VIDEO }));
        return this.outcome(micProblem, null);
      } catch (err2) {
        return this.outcome(micProblem, classifyMediaError(err2));
      }
    }
  }

  /** Stops and forgets all local tracks (leaving the circle page). */
  release(): void {
    this.stopMic();
    this.stopCamera();
  }

  /** Mutes/unmutes without renegotiation: a disabled track sends silence. */
  setMicEnabled(on: boolean): void {
    if (this.mic) this.mic.enabled = on;
  }

  /** Turns the camera on (new track); throws {@link DeviceError} if it can't. */
  async startCamera(): Promise<MediaStreamTrack> {
    if (this.camera && this.camera.readyState === 'live') return this.camera;
    const gum = this.getUserMedia();
    if (typeof gum === 'string') throw new DeviceError(gum);
    let stream: MediaStream;
    try {
      stream = await gum({ video: VIDEO });
    } catch (err) {
      throw new DeviceError(classifyMediaError(err));
    }
    this.adopt(stream);
    if (!this.camera) throw new DeviceError('not-found');
    return this.camera;
  }

  /** Turns the camera off and releases the device. */
  stopCamera(): void {
    if (!this.camera) return;
    this.camera.onended = null;
    this.camera.stop();
    this.camera = null;
    this.tracks.delete(LOCAL_CAMERA_KEY);
  }

  private stopMic(): void {
    if (!this.mic) return;
    this.mic.stop();
    this.mic = null;
    this.tracks.delete(LOCAL_MIC_KEY);
  }

  private adopt(stream: MediaStream): void {
    for (const track of stream.getTracks()) {
      if (track.kind === 'audio' && !this.mic) {
        this.mic = track;
        this.tracks.set(LOCAL_MIC_KEY, track);
      } else if (track.kind === 'video' && !this.camera) {
        this.camera = track;
        this.tracks.set(LOCAL_CAMERA_KEY, track);
        track.onended = () => this.cameraEndedHandler?.();
      } else {
        track.stop();
      }
    }
  }

  private outcome(micProblem: DeviceProblem | null, cameraProblem: DeviceProblem | null): LocalMediaOutcome {
    return {
      mic: this.mic !== null,
      camera: this.camera !== null,
      micProblem: this.mic ? null : (micProblem ?? 'not-found'),
      cameraProblem: this.camera ? null : (cameraProblem ?? 'not-found'),
    };
  }

  /** getUserMedia, or why there is none (it only exists in secure contexts). */
  private getUserMedia(): GetUserMedia | DeviceProblem {
    const devices = globalThis.navigator?.mediaDevices;
    if (!devices?.getUserMedia) return globalThis.isSecureContext === false ? 'insecure' : 'unsupported';
    return (constraints) => devices.getUserMedia(constraints);
  }
}
