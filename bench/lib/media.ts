import * as wrtc from '@roamhq/wrtc';

/*
 * Synthetic camera and microphone for wrtc peers. One timer feeds every source (not one
 * timer per peer), so eight peers cost two timers, not sixteen.
 */

/** Makes wrtc's WebRTC classes global: mediasoup-client's Chrome111 handler uses them as in a browser. */
export function installWrtcGlobals(): void {
  Object.assign(globalThis, {
    RTCPeerConnection: wrtc.RTCPeerConnection,
    RTCSessionDescription: wrtc.RTCSessionDescription,
    RTCIceCandidate: wrtc.RTCIceCandidate,
    MediaStream: wrtc.MediaStream,
    MediaStreamTrack: wrtc.MediaStreamTrack,
    RTCRtpSender: wrtc.RTCRtpSender,
    RTCRtpReceiver: wrtc.RTCRtpReceiver,
    RTCRtpTransceiver: wrtc.RTCRtpTransceiver,
  });
}

export interface SyntheticOptions {
  width: number;
  height: number;
  fps: number;
}

/** A camera + microphone pair for one peer. */
export interface LocalTracks {
  audio: MediaStreamTrack;
  video: MediaStreamTrack;
  /** Stops both tracks and unhooks them from the feeder. */
  stop(): void;
}

/** Feeds I420 frames (a moving gradient) to every video source and 10 ms of a tone to every audio source. */
export class SyntheticMedia {
  private readonly videoSources = new Set<wrtc.nonstandard.RTCVideoSource>();
  private readonly audioSources = new Set<wrtc.nonstandard.RTCAudioSource>();
  private readonly frame: Uint8Array;
  private readonly samples = new Int16Array(480);
  private readonly videoTimer: NodeJS.Timeout;
  private readonly audioTimer: NodeJS.Timeout;
  private frameNo = 0;
  private phase = 0;

  constructor(private readonly opts: SyntheticOptions) {
    const { width, height } = opts;
    this.frame = new Uint8Array(width * height * 1.5);
    this.frame.fill(128, width * height); // neutral chroma
    this.videoTimer = setInterval(() => this.tickVideo(), 1000 / opts.fps);
    this.audioTimer = setInterval(() => this.tickAudio(), 10);
  }

  /** New tracks fed by this feeder. */
  createTracks(): LocalTracks {
    const videoSource = new wrtc.nonstandard.RTCVideoSource();
    const audioSource = new wrtc.nonstandard.RTCAudioSource();
    const video = videoSource.createTrack();
    const audio = audioSource.createTrack();
    this.videoSources.add(videoSource);
    this.audioSources.add(audioSource);
    return {
      audio,
      video,
      stop: () => {
        this.videoSources.delete(videoSource);
        this.audioSources.delete(audioSource);
        video.stop();
        audio.stop();
      },
    };
  }

  /** Stops the timers. */
  close(): void {
    clearInterval(this.videoTimer);
    clearInterval(this.audioTimer);
    this.videoSources.clear();
    this.audioSources.clear();
  }

  private tickVideo(): void {
    if (this.videoSources.size === 0) return;
    const { width, height } = this.opts;
    const shift = (this.frameNo++ * 4) % width;
    // Luma: a diagonal gradient scrolling right, so the encoder has motion to code.
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) this.frame[row + x] = (x + y + shift) & 0xff;
    }
    const data = { width, height, data: this.frame };
    for (const source of this.videoSources) source.onFrame(data);
  }

  private tickAudio(): void {
    if (this.audioSources.size === 0) return;
    for (let i = 0; i < this.samples.length; i++) {
      this.samples[i] = Math.sin((this.phase++ / 48000) * 2 * Math.PI * 440) * 4000;
    }
    const data = { samples: this.samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 };
    for (const source of this.audioSources) source.onData(data);
  }
}
