import { useHearth } from '../app/context';
import type { Notice } from '../store/types';

/**
 * Private notices for this person only ("About 30 seconds left…", "A facilitator muted
 * you…"). Calm and dismissible, they expire by themselves; a polite live region reads
 * them out. Buttons in them never act without the person choosing to.
 */
export function Notices() {
  const notices = useHearth((s) => s.rules.notices);
  return (
    <div className="notices" aria-live="polite" aria-relevant="additions text">
      {notices.map((n) => (
        <NoticeCard key={n.id} notice={n} />
      ))}
    </div>
  );
}

function NoticeCard({ notice }: { notice: Notice }) {
  const dismiss = useHearth((s) => s.dismissNotice);
  const toggleMic = useHearth((s) => s.toggleMic);
  const toggleCamera = useHearth((s) => s.toggleCamera);
  const micOn = useHearth((s) => s.media.mic.on);
  const cameraOn = useHearth((s) => s.media.camera.on);
  const act = () => {
    dismiss(notice.id);
    if (notice.action === 'unmute' && !micOn) void toggleMic();
    if (notice.action === 'startCamera' && !cameraOn) void toggleCamera();
  };
  // Once the person has acted by other means, the button has nothing left to do.
  const showAction = (notice.action === 'unmute' && !micOn) || (notice.action === 'startCamera' && !cameraOn);
  return (
    <div className={`notice notice-${notice.kind}`} data-testid="notice" data-kind={notice.kind}>
      <p>{notice.text}</p>
      <div className="notice-actions">
        {showAction ? (
          <button type="button" className="primary small" onClick={act}>
            {notice.action === 'unmute' ? 'Unmute' : 'Start camera'}
          </button>
        ) : null}
        <button type="button" className="ghost small" onClick={() => dismiss(notice.id)} aria-label="Dismiss notice">
          Dismiss
        </button>
      </div>
    </div>
  );
}
