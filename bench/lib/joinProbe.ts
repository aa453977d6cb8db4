/*
 * The in-page probe of bench/join-browser.ts: installed with `addInitScript` before any of
 * the client's code runs, it timestamps (performance.now(), the page's own clock) what a
 * join does, from the outside, so that it measures any version of the client alike:
 *
 * - socket.io requests and their acks, read off the WebSocket (`42<id>["event",…]` out,
 *   `43<id>[…]` back): the first time each event is sent and acked;
 * - RTCPeerConnections: mediasoup-client's `device.load()` builds probe connections to learn
 *   the browser's codecs and closes them (never negotiated): the last close is "device loaded";
 *   the send and receive transports are the connections that reach `connected` (told apart
 *   by their transceivers' direction); the receive one's first `track` event is the first
 *   consumer built in the browser;
 * - the first frame of a remote tile's <video> (a tile with data-self="false") presented for
 *   rendering (requestVideoFrameCallback), and, as a cross-check, when such a video's
 *   videoWidth first became > 0 (a bounded 5 ms poll);
 * - the Join button's click (capture phase, so before React sees it).
 */

/** What the probe collected: first time of each mark, in the page's performance.now() ms. */
export interface ProbeMarks {
  [mark: string]: number;
}

/** Reads the probe's marks out of a page. */
export const readMarksScript = (): ProbeMarks => (window as unknown as { __joinProbe: { marks: ProbeMarks } }).__joinProbe.marks;

/** The init script (runs in the page: it may only use browser globals). */
export function installJoinProbe(): void {
  const marks: Record<string, number> = {};
  const mark = (name: string, at = performance.now()): void => {
    if (!(name in marks)) marks[name] = at;
  };
  (window as unknown as { __joinProbe: unknown }).__joinProbe = { marks };

  // --- the Join click
  document.addEventListener(
    'click',
    (e) => {
      const button = (e.target as Element | null)?.closest?.('button');
      if (button && button.textContent?.trim() === 'Join') mark('click');
    },
    true,
  );

  // --- socket.io over the WebSocket
  const pending = new Map<string, string>();
  const watched = new WeakSet<WebSocket>();
  const onMessage = (ev: MessageEvent): void => {
    if (typeof ev.data !== 'string') return;
    const m = /^43(\d+)\[/.exec(ev.data);
    if (!m) return;
    const event = pending.get(m[1]!);
    if (!event) return;
    pending.delete(m[1]!);
    mark(`ack:${event}`);
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', onMessage);
    }
    if (typeof data === 'string') {
      const m = /^42(\d+)\["([A-Za-z]+)"/.exec(data);
      if (m) {
        pending.set(m[1]!, m[2]!);
        mark(`sent:${m[2]!}`);
      }
    }
    return send.call(this, data);
  };

  // --- inbound video as getStats() sees it (lags the packets by up to ~60 ms: libwebrtc
  // caches a report for 50 ms, on top of the 10 ms poll). mediasoup-client's bandwidth
  // probator stream (SSRC 1234) is not video from anyone: it is skipped.
  const watching = new WeakSet<RTCPeerConnection>();
  const watchInbound = (pc: RTCPeerConnection): void => {
    if (watching.has(pc)) return;
    watching.add(pc);
    let polls = 0;
    const poll = async (): Promise<void> => {
      if (++polls > 3000 || pc.connectionState === 'closed' || 'firstFrameDecodedSeen' in marks) return;
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; ssrc?: number; packetsReceived?: number; framesDecoded?: number }) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'video' || s.ssrc === 1234) return;
        if ((s.packetsReceived ?? 0) > 0) mark('firstVideoRtpSeen');
        if ((s.framesDecoded ?? 0) > 0) mark('firstFrameDecodedSeen');
      });
      setTimeout(() => void poll(), 10);
    };
    void poll();
  };

  // --- RTCPeerConnections
  const Native = window.RTCPeerConnection;
  class ProbedPeerConnection extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      let connected = false;
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState !== 'connected' || connected) return;
        connected = true;
        const dirs = this.getTransceivers().map((t) => t.direction);
        if (dirs.includes('recvonly')) mark('recvTransportConnected');
        else if (dirs.includes('sendonly')) mark('sendTransportConnected');
      });
      this.addEventListener('track', (e) => {
        mark('firstConsumerTrack');
        if (e.track.kind === 'video') {
          mark('firstVideoConsumerTrack');
          watchInbound(this);
        }
      });
      // device.load() probes once per direction (sendonly, recvonly) and never sets a remote
      // description: the last such close is when the device has what it needs.
      let negotiated = false;
      const setRemote = this.setRemoteDescription.bind(this);
      this.setRemoteDescription = (desc: RTCSessionDescriptionInit) => {
        negotiated = true;
        return setRemote(desc);
      };
      const close = this.close.bind(this);
      this.close = () => {
        if (!negotiated) marks.deviceLoaded = performance.now();
        close();
      };
    }
  }
  window.RTCPeerConnection = ProbedPeerConnection;

  // --- the first remote frame
  const isRemote = (v: HTMLVideoElement): boolean => v.closest('[data-testid="tile"]')?.getAttribute('data-self') === 'false';
  const seen = new WeakSet<HTMLVideoElement>();
  const watchVideo = (v: HTMLVideoElement): void => {
    if (seen.has(v)) return;
    seen.add(v);
    const onFrame = (): void => {
      if (isRemote(v) && v.srcObject) mark('firstFrameRendered');
      else if (v.isConnected) v.requestVideoFrameCallback(onFrame);
    };
    if ('requestVideoFrameCallback' in v) v.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => {
    for (const v of Array.from(document.querySelectorAll('video'))) watchVideo(v);
  }).observe(document, { childList: true, subtree: true });
  // Bounded: stops once seen, or after 10 minutes.
  let polls = 0;
  const timer = setInterval(() => {
    if (++polls > 120_000 || 'firstVideoWidth' in marks) return clearInterval(timer);
    for (const v of Array.from(document.querySelectorAll('video'))) {
      if (isRemote(v) && v.videoWidth > 0) mark('firstVideoWidth');
    }
  }, 5);
}
