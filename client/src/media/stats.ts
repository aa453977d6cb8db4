/** Bytes of RTP by media kind. */
export interface ByteCounts {
  audioBytes: number;
  videoBytes: number;
}

/** What `window.__hearth.stats()` returns: inbound bytes per remote peer, outbound totals. */
export interface HearthStats {
  inbound: Record<string, ByteCounts>;
  outbound: ByteCounts;
}

/** The part of an RTCStatsReport we read (a Map-like of stats dictionaries). */
export interface StatsLike {
  forEach(callback: (stat: Record<string, unknown>) => void): void;
}

/** Zeroed counts. */
export function zeroBytes(): ByteCounts {
  return { audioBytes: 0, videoBytes: 0 };
}

/**
 * Sums `bytesReceived` of `inbound-rtp` (or `bytesSent` of `outbound-rtp`) entries by
 * kind. Kind comes from `kind`, or the legacy `mediaType`, or `fallbackKind` — a
 * simulcast producer reports one outbound-rtp per layer, all of which count.
 */
export function sumRtpBytes(report: StatsLike, direction: 'inbound' | 'outbound', fallbackKind?: 'audio' | 'video'): ByteCounts {
  const out = zeroBytes();
  const type = direction === 'inbound' ? 'inbound-rtp' : 'outbound-rtp';
  const field = direction === 'inbound' ? 'bytesReceived' : 'bytesSent';
  report.forEach((stat) => {
    if (stat.type !== type) return;
    const bytes = stat[field];
    if (typeof bytes !== 'number') return;
    const kind = stat.kind ?? stat.mediaType ?? fallbackKind;
    if (kind === 'audio') out.audioBytes += bytes;
    else if (kind === 'video') out.videoBytes += bytes;
  });
  return out;
}

/** Adds `b` into `a` and returns `a`. */
export function addBytes(a: ByteCounts, b: ByteCounts): ByteCounts {
  a.audioBytes += b.audioBytes;
  a.videoBytes += b.videoBytes;
  return a;
}

/** The candidate pair a transport sends on: our side's candidate type and, for relays, how we reach the TURN server. */
export interface IceRoute {
  direction?: 'send' | 'recv';
  /** `host`, `srflx`, `prflx` or `relay`; null before ICE has selected a pair. */
  localCandidateType: string | null;
  /** `udp`, `tcp` or `tls` to the TURN server, for relay candidates. */
  relayProtocol: string | null;
}

/** Finds the selected (or nominated, succeeded) candidate pair of a transport's stats and its local candidate. */
export function selectedIceRoute(report: StatsLike): IceRoute {
  const byId = new Map<unknown, Record<string, unknown>>();
  let pairId: unknown;
  report.forEach((stat) => {
    byId.set(stat.id, stat);
    if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  let pair = pairId === undefined ? undefined : byId.get(pairId);
  if (!pair) {
    report.forEach((stat) => {
      if (!pair && stat.type === 'candidate-pair' && stat.nominated === true && stat.state === 'succeeded') pair = stat;
    });
  }
  const local = pair ? byId.get(pair.localCandidateId) : undefined;
  return {
    localCandidateType: typeof local?.candidateType === 'string' ? local.candidateType : null,
    relayProtocol: typeof local?.relayProtocol === 'string' ? local.relayProtocol : null,
  };
}

/** The size of the frames a video consumer decodes now (inbound-rtp), or null before the first frame. */
export interface FrameSize {
  frameWidth: number;
  frameHeight: number;
}

/** Reads the inbound video's frame size from a consumer's stats. */
export function inboundFrameSize(report: StatsLike): FrameSize | null {
  let size: FrameSize | null = null;
  report.forEach((stat) => {
    if (stat.type !== 'inbound-rtp' || (stat.kind ?? stat.mediaType) !== 'video') return;
    if (typeof stat.frameWidth === 'number' && typeof stat.frameHeight === 'number') size = { frameWidth: stat.frameWidth, frameHeight: stat.frameHeight };
  });
  return size;
}

/**
 * The browser's estimate of what its send transport may send (bits/s): `availableOutgoingBitrate`
 * of the selected candidate pair (Chromium's send-side bandwidth estimation), or null before
 * ICE has selected one.
 */
export function availableOutgoingBitrate(report: StatsLike): number | null {
  let pairId: unknown;
  const pairs = new Map<unknown, Record<string, unknown>>();
  report.forEach((stat) => {
    if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
    if (stat.type === 'candidate-pair') pairs.set(stat.id, stat);
  });
  let pair = pairId === undefined ? undefined : pairs.get(pairId);
  pair ??= [...pairs.values()].find((p) => p.nominated === true && p.state === 'succeeded');
  return typeof pair?.availableOutgoingBitrate === 'number' ? pair.availableOutgoingBitrate : null;
}
