import { useHearth } from '../app/context';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons';

/**
 * Mute and camera buttons, used both before joining and in the circle. Labels say what
 * pressing does ("Mute" / "Unmute"); a missing device disables its button with a hint.
 * `shortcuts`: the M and V keys work here (in the circle), so say so to assistive tech.
 */
export function MediaToggles({ shortcuts = false }: { shortcuts?: boolean }) {
  const mic = useHearth((s) => s.media.mic);
  const camera = useHearth((s) => s.media.camera);
  // While joining or leaving, producers are being created or closed: toggling then would race.
  const ready = useHearth((s) => s.media.status === 'ready' && s.circle.phase !== 'joining' && s.circle.phase !== 'leaving');
  const toggleMic = useHearth((s) => s.toggleMic);
  const toggleCamera = useHearth((s) => s.toggleCamera);

  const micLabel = mic.on ? 'Mute' : 'Unmute';
  const cameraLabel = camera.on ? 'Stop camera' : 'Start camera';

  return (
    <>
      <button
        type="button"
        className={mic.on ? 'control media-toggle' : 'control media-toggle control-off'}
        onClick={() => void toggleMic()}
        aria-keyshortcuts={shortcuts ? 'M' : undefined}
        disabled={!ready || !mic.available || mic.busy}
        title={mic.available ? undefined : 'No microphone available'}
      >
        {mic.on ? <MicIcon /> : <MicOffIcon />}
        <span>{micLabel}</span>
      </button>
      <button
        type="button"
        className={camera.on ? 'control media-toggle' : 'control media-toggle control-off'}
        onClick={() => void toggleCamera()}
        aria-keyshortcuts={shortcuts ? 'V' : undefined}
        disabled={!ready || !camera.available || camera.busy}
        title={camera.available ? undefined : 'No camera available'}
      >
        {camera.on ? <CameraIcon /> : <CameraOffIcon />}
        <span>{cameraLabel}</span>
      </button>
    </>
  );
}
