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
