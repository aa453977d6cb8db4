import { classifyMediaError, DeviceError } from './deviceProblem';
import { availableOutgoingBitrate, inboundFrameSize, selectedIceRoute, sumRtpBytes } from './stats';

const report = (...stats: Array<Record<string, unknown>>) => new Map(stats.map((s, i) => [String(i), s]));

describe('sumRtpBytes', () => {
  it('sums inbound bytes by kind, falling back to mediaType', () => {
    const r = report(
      { type: 'inbound-rtp', kind: 'audio', bytesReceived: 100 },
      { type: 'inbound-rtp', mediaType: 'video', bytesReceived: 1000 },
      { type: 'outbound-rtp', kind: 'audio', bytesSent: 5 },
      { type: 'transport', bytesReceived: 9999 },
    );
    expect(sumRtpBytes(r, 'inbound')).toEqual({ audioBytes: 100, videoBytes: 1000 });
  });

  it('adds up every simulcast layer of an outbound video', () => {
    const r = report(
      { type: 'outbound-rtp', kind: 'video', bytesSent: 10 },
      { type: 'outbound-rtp', kind: 'video', bytesSent: 20 },
      { type: 'outbound-rtp', bytesSent: 30 },
    );
    expect(sumRtpBytes(r, 'outbound', 'video')).toEqual({ audioBytes: 0, videoBytes: 60 });
  });
});

describe('inboundFrameSize', () => {
  it('reads the decoded size of the inbound video', () => {
    const r = report({ type: 'inbound-rtp', kind: 'audio', bytesReceived: 1 }, { type: 'inbound-rtp', kind: 'video', frameWidth: 320, frameHeight: 180 });
    expect(inboundFrameSize(r)).toEqual({ frameWidth: 320, frameHeight: 180 });
  });

  it('is null before the first frame', () => {
    expect(inboundFrameSize(report({ type: 'inbound-rtp', kind: 'video', bytesReceived: 0 }))).toBeNull();
  });
});

describe('selectedIceRoute', () => {
  const candidates = [
    { id: 'L1', type: 'local-candidate', candidateType: 'host' },
    { id: 'L2', type: 'local-candidate', candidateType: 'relay', relayProtocol: 'tcp' },
    { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', nominated: false, state: 'failed' },
    { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', nominated: true, state: 'succeeded' },
  ];

  it('follows the transport to its selected pair and that pair to its local candidate', () => {
    const r = report(...candidates, { id: 'T', type: 'transport', selectedCandidatePairId: 'P2' });
    expect(selectedIceRoute(r)).toEqual({ localCandidateType: 'relay', relayProtocol: 'tcp' });
  });

  it('falls back to the nominated, succeeded pair', () => {
    expect(selectedIceRoute(report(...candidates))).toEqual({ localCandidateType: 'relay', relayProtocol: 'tcp' });
  });

  it('says null before a pair is chosen', () => {
    expect(selectedIceRoute(report(candidates[0]!, candidates[2]!))).toEqual({ localCandidateType: null, relayProtocol: null });
  });
});

describe('classifyMediaError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['NotReadableError', 'in-use'],
    ['Weird', 'unknown'],
  ])('%s → %s', (name, problem) => expect(classifyMediaError({ name })).toBe(problem));

  it('passes DeviceError through', () => expect(classifyMediaError(new DeviceError('insecure'))).toBe('insecure'));
});

describe('availableOutgoingBitrate', () => {
  it('reads the selected pair’s estimate, not another pair’s', () => {
    const r = report(
      { type: 'candidate-pair', id: 'p1', availableOutgoingBitrate: 2_000_000, nominated: true, state: 'succeeded' },
      { type: 'candidate-pair', id: 'p2', availableOutgoingBitrate: 180_000 },
      { type: 'transport', selectedCandidatePairId: 'p2' },
    );
    expect(availableOutgoingBitrate(r)).toBe(180_000);
  });

  it('falls back to the nominated, succeeded pair, and is null before there is one', () => {
    expect(availableOutgoingBitrate(report({ type: 'candidate-pair', id: 'p1', availableOutgoingBitrate: 900_000, nominated: true, state: 'succeeded' }))).toBe(900_000);
    expect(availableOutgoingBitrate(report({ type: 'candidate-pair', id: 'p1', state: 'in-progress' }))).toBeNull();
    expect(availableOutgoingBitrate(report({ type: 'transport', selectedCandidatePairId: 'p9' }))).toBeNull();
  });
});
