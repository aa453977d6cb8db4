import { useEffect } from 'react';
import { useHearth } from '../app/context';
import { PreJoin } from './PreJoin';
import { Room } from './Room';

/** `/c/<circleId>`: the pre-join screen, then the circle. */
export function CirclePage({ circleId }: { circleId: string }) {
  const phase = useHearth((s) => s.circle.phase);
  const startPreview = useHearth((s) => s.startPreview);

  // Ask for camera/mic as soon as the page opens so people see themselves before joining.
  // startPreview is idempotent; leaving the page (routeChanged) stops the preview.
  const mediaStatus = useHearth((s) => s.media.status);
  useEffect(() => {
    if (mediaStatus === 'idle') void startPreview();
  }, [mediaStatus, startPreview]);

  return phase === 'idle' || phase === 'joining' ? <PreJoin circleId={circleId} /> : <Room circleId={circleId} />;
}
