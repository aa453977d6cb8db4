import { useEffect, useRef } from 'react';
import { useTrack } from '../app/context';

/**
 * A `<video>` showing the track under `trackKey`. Always muted: sound is played by
 * {@link TrackAudio}, so video elements can autoplay without a gesture.
 */
export function TrackVideo({ trackKey, mirror = false, label }: { trackKey: string; mirror?: boolean; label?: string }) {
  const track = useTrack(trackKey);
  const ref = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = track ? new MediaStream([track]) : null;
    // play() rejects if interrupted by the next srcObject change; nothing to do then.
    if (track) el.play().catch(() => undefined);
  }, [track]);

  return <video ref={ref} className={mirror ? 'tile-video mirror' : 'tile-video'} muted autoPlay playsInline aria-label={label} />;
}

/** Hidden `<audio>` playing a remote peer's microphone track. */
export function TrackAudio({ trackKey }: { trackKey: string }) {
  const track = useTrack(trackKey);
  const ref = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = track ? new MediaStream([track]) : null;
    if (track) el.play().catch(() => undefined);
  }, [track]);

  return <audio ref={ref} autoPlay hidden data-testid="remote-audio" />;
}
