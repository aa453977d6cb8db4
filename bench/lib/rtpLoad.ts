/*
 * Traffic and measurement parts of bench/media-load.ts: the synthetic camera and mic (what
 * the real client sends), the RTP packets for them, CPU time of processes, and the C sink.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/**
 * The client's camera encodings (client/src/media/session.ts: 100/300/900 kbit/s, ¼ ½ full of
 * 720p) at the fake camera's ~20 fps, with VP8's three temporal layers (L1T3); Opus at 50
 * packets/s. Payload sizes are chosen so each layer carries its bitrate.
 */
export const CAMERA_FPS = 20;
export const VIDEO_LAYER_KBPS = [100, 300, 900] as const;
export const MAX_PAYLOAD = 1100;
export const OPUS_PAYLOAD = 80; // 32 kbit/s in 20 ms frames
export const KEYFRAME_EVERY = CAMERA_FPS; // one key frame a second per layer
const VP8_PT = 101;
const OPUS_PT = 100;

/** Packets of one video frame of a layer: sizes of their VP8 payloads (descriptor excluded). */
export function framePayloadSizes(layer: number): number[] {
  const bytes = Math.round((VIDEO_LAYER_KBPS[layer]! * 1000) / 8 / CAMERA_FPS);
  const count = Math.ceil(bytes / MAX_PAYLOAD);
  return Array.from({ length: count }, (_, i) => (i < count - 1 ? MAX_PAYLOAD : bytes - MAX_PAYLOAD * (count - 1)));
}

/** RTP packets per second a camera sends (all layers) and a mic sends. */
export const cameraPacketsPerSecond = (): number => [0, 1, 2].reduce((n, l) => n + framePayloadSizes(l).length * CAMERA_FPS, 0);
export const MIC_PACKETS_PER_SECOND = 50;

/** The RTP parameters a synthetic peer produces with (the ssrcs are its own). */
export function micParameters(ssrc: number) {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
    encodings: [{ ssrc }],
  };
}
export function cameraParameters(ssrcs: number[]) {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }],
    encodings: ssrcs.map((ssrc) => ({ ssrc, scalabilityMode: 'L1T3' })),
  };
}

/** One RTP stream's counters. */
export interface StreamState {
  ssrc: number;
  seq: number;
  pictureId: number;
  tl0: number;
  frame: number;
}
export const newStream = (ssrc: number): StreamState => ({ ssrc, seq: Math.floor(Math.random() * 65536), pictureId: 0, tl0: 0, frame: 0 });

function rtpHeader(buf: Buffer, pt: number, marker: boolean, s: StreamState, timestamp: number): void {
  buf[0] = 0x80;
  buf[1] = (marker ? 0x80 : 0) | pt;
  buf.writeUInt16BE(s.seq, 2);
  buf.writeUInt32BE(timestamp >>> 0, 4);
  buf.writeUInt32BE(s.ssrc, 8);
  s.seq = (s.seq + 1) & 0xffff;
}

/** An Opus packet. */
export function opusPacket(s: StreamState, timestamp: number): Buffer {
  const buf = Buffer.alloc(12 + OPUS_PAYLOAD);
  rtpHeader(buf, OPUS_PT, false, s, timestamp);
  return buf;
}

/**
 * The packets of one VP8 frame of a simulcast layer: payload descriptor with a 15-bit
 * picture id, TL0PICIDX and the temporal layer (pattern 0 2 1 2), and the VP8 header's
 * inverse key-frame bit, which is all mediasoup reads to switch layers on a key frame.
 */
export function vp8Frame(s: StreamState, layer: number, timestamp: number): Buffer[] {
  const tid = [0, 2, 1, 2][s.frame % 4]!;
  if (tid === 0) s.tl0 = (s.tl0 + 1) & 0xff;
  const key = s.frame % KEYFRAME_EVERY === 0;
  const sizes = framePayloadSizes(layer);
  const packets = sizes.map((size, i) => {
    const buf = Buffer.alloc(12 + 6 + size);
    rtpHeader(buf, VP8_PT, i === sizes.length - 1, s, timestamp);
    buf[12] = 0x80 | (i === 0 ? 0x10 : 0); // X, S on the first packet, PID 0
    buf[13] = 0xe0; // I L T
    buf[14] = 0x80 | ((s.pictureId >> 8) & 0x7f);
    buf[15] = s.pictureId & 0xff;
    buf[16] = s.tl0;
    buf[17] = (tid << 6) | 0x20;
    buf[18] = i === 0 && key ? 0x00 : 0x01; // inverse key-frame bit
    return buf;
  });
  s.pictureId = (s.pictureId + 1) & 0x7fff;
  s.frame++;
  return packets;
}

/** SRTP keys in mediasoup's form, for the side of a PlainTransport we play ourselves. */
export function srtpKeys(): { cryptoSuite: 'AEAD_AES_256_GCM'; keyBase64: string } {
  return { cryptoSuite: 'AEAD_AES_256_GCM', keyBase64: randomBytes(44).toString('base64') };
}

/** CPU time (user + system, ms) a process has used, from /proc. */
export function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Cumulative counters of the sink. */
export interface SinkCounters {
  packets: number;
  bytes: number;
  rtcp: number;
  expected: number;
  cpuMs: number;
}

/** The C sink (bench/lib/rtpSink.c), compiled on first use. */
export interface RtpSink {
  port: number;
  pid: number;
  latest(): SinkCounters;
  stop(): void;
}

export async function startSink(): Promise<RtpSink> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-sink-'));
  const bin = path.join(dir, 'rtp-sink');
  execFileSync('cc', ['-O2', '-o', bin, path.join(__dirname, 'rtpSink.c')]);
  const portFile = path.join(dir, 'port');
  const child: ChildProcess = spawn(bin, [portFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let latest: SinkCounters = { packets: 0, bytes: 0, rtcp: 0, expected: 0, cpuMs: 0 };
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const [packets, bytes, rtcp, expected, cpuMs] = line.split(' ').map(Number);
    latest = { packets: packets!, bytes: bytes!, rtcp: rtcp!, expected: expected!, cpuMs: cpuMs! };
  });
  for (let i = 0; i < 100 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 100 && fs.readFileSync(portFile, 'utf8').trim() === ''; i++) await new Promise((r) => setTimeout(r, 20));
  const port = Number(fs.readFileSync(portFile, 'utf8').trim());
  return {
    port,
    pid: child.pid!,
    latest: () => latest,
    stop: () => {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Datagrams the kernel dropped per local UDP port (a full receive buffer), from /proc/net/udp. */
export function udpDropsByPort(): Map<number, number> {
  const drops = new Map<number, number>();
  for (const line of fs.readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 13) continue;
    const port = parseInt(cols[1]!.split(':')[1]!, 16);
    drops.set(port, (drops.get(port) ?? 0) + Number(cols[cols.length - 1]));
  }
  return drops;
}

/** Sum of drops over `ports`. */
export const dropsOn = (all: Map<number, number>, ports: Iterable<number>): number => [...ports].reduce((n, p) => n + (all.get(p) ?? 0), 0);
