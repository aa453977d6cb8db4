import { useHearth } from '../app/context';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons';

/**
 * Mute and camera buttons, used both before joining and in the circle. Labels say what
 * pressing does ("Mute" / "Unmute"); a missing device disables its button with a hint.
 */
export function MediaToggles() {
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
        className={mic.on ? 'control' : 'control control-off'}
        onClick={() => void toggleMic()}
        disabled={!ready || !mic.available || mic.busy}
        title={mic.available ? undefined : 'No microphone available'}
      >
        {mic.on ? <MicIcon /> : <MicOffIcon />}
        <span>{micLabel}</span>
      </button>
      <button
        type="button"
        className={camera.on ? 'control' : 'control control-off'}
        onClick={() => void toggleCamera()}
        disabled={!ready || !camera.available || camera.busy}
        title={camera.available ? undefined : 'No camera available'}
      >
        {camera.on ? <CameraIcon /> : <CameraOffIcon />}
        <span>{cameraLabel}</span>
      </button>
    </>
  );
}
