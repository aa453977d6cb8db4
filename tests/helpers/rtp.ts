/*
 * RTP parameters as a browser would send them, for signalling tests that need producers
 * without a real media engine (real RTP is covered by the end-to-end test).
 */
let ssrc = 100_000;

/** Opus send parameters. */
export function audioRtpParameters(): object {
  ssrc += 1;
  return {
    mid: '0',
    codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
    headerExtensions: [],
    encodings: [{ ssrc }],
    rtcp: { cname: `test-${ssrc}`, reducedSize: true },
  };
}

/** VP8 send parameters. */
export function videoRtpParameters(): object {
  ssrc += 1;
  return {
    mid: '1',
    codecs: [
      {
        mimeType: 'video/VP8',
        payloadType: 96,
        clockRate: 90000,
        parameters: {},
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
      },
    ],
    headerExtensions: [],
    encodings: [{ ssrc }],
    rtcp: { cname: `test-${ssrc}`, reducedSize: true },
  };
}

/** VP8 with simulcast layers (the client's camera producer sends three: ¼, ½, full). */
export function simulcastVideoRtpParameters(layers = 3): object {
  const base = videoRtpParameters() as { encodings: unknown[] };
  const encodings = Array.from({ length: layers }, (_, i) => i).map((i) => ({ ssrc: (ssrc += 1), rid: `r${i}`, scalabilityMode: 'L1T3' }));
  return {
    ...base,
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }, { uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', id: 2 }],
    encodings,
  };
}

/** A DTLS fingerprint in the shape browsers send. */
export const dtlsParameters = {
  role: 'client',
  fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};
