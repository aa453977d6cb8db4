import { useHearth } from '../app/context';

/**
 * Calm notices about this person's own connection, beside the circle's private notices:
 * - the SFU has had to reduce the video they receive (their downlink is weak): video
 *   sharpens again by itself when it recovers; audio only is one click away;
 * - their uplink is too weak for their camera: one button turns the camera off;
 * - audio only is on: one button brings video back.
 * Each weak-link notice can be dismissed; it goes by itself when the link recovers.
 * data-testid="link-notice" with data-kind="downlink" | "uplink" | "audioOnly".
 */
export function LinkNotices() {
  const link = useHearth((s) => s.link);
  const audioOnly = useHearth((s) => s.visitPrefs.audioOnly);
  const cameraOn = useHearth((s) => s.media.camera.on);
  const cameraBusy = useHearth((s) => s.media.camera.busy);
  const dismiss = useHearth((s) => s.dismissLinkNotice);
  const setAudioOnly = useHearth((s) => s.setAudioOnly);
  const toggleCamera = useHearth((s) => s.toggleCamera);

  return (
    <div className="notices link-notices" aria-live="polite" aria-relevant="additions text">
      {link.downlinkWeak && !link.downlinkDismissed && !audioOnly ? (
        <div className="notice notice-link" data-testid="link-notice" data-kind="downlink">
          <p>
            Your connection is weak — video reduced. <span className="notice-detail">Voices come first; video sharpens again when your connection recovers.</span>
          </p>
          <div className="notice-actions">
            <button type="button" className="secondary small" onClick={() => void setAudioOnly(true)}>
              Audio only
            </button>
            <button type="button" className="ghost small" onClick={() => dismiss('downlink')} aria-label="Dismiss connection notice">
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
      {link.uplinkWeak && !link.uplinkDismissed && cameraOn ? (
        <div className="notice notice-link" data-testid="link-notice" data-kind="uplink">
          <p>
            Your connection is struggling to send video. <span className="notice-detail">Turning your camera off helps others hear you clearly.</span>
          </p>
          <div className="notice-actions">
            <button type="button" className="primary small" disabled={cameraBusy} onClick={() => void toggleCamera()}>
              Turn camera off
            </button>
            <button type="button" className="ghost small" onClick={() => dismiss('uplink')} aria-label="Dismiss camera suggestion">
              Not now
            </button>
          </div>
        </div>
      ) : null}
      {audioOnly ? (
        <div className="notice notice-audio-only" data-testid="link-notice" data-kind="audioOnly">
          <p>Audio only: you receive no video.</p>
          <div className="notice-actions">
            <button type="button" className="secondary small" onClick={() => void setAudioOnly(false)}>
              Show video
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
