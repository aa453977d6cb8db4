import { useEffect } from 'react';
import { useHearth } from '../app/context';
import { Farewell } from './Farewell';
import { PreJoin } from './PreJoin';
import { Room } from './Room';

/** `/c/<circleId>`: the pre-join screen, then the circle. */
export function CirclePage({ circleId }: { circleId: string }) {
  const phase = useHearth((s) => s.circle.phase);
  const startPreview = useHearth((s) => s.startPreview);

  // Ask for camera/mic as soon as the page opens so people see themselves before joining.
  // startPreview is idempotent; leaving the page (routeChanged) stops the preview.
  // After a removal or the end of the session the camera stays off: no new preview.
  const mediaStatus = useHearth((s) => s.media.status);
  const farewell = useHearth((s) => s.ui.farewell);
  useEffect(() => {
    if (mediaStatus === 'idle' && farewell === null) void startPreview();
  }, [mediaStatus, farewell, startPreview]);

  if (farewell !== null && phase === 'idle') return <Farewell message={farewell} />;
  return phase === 'idle' || phase === 'joining' ? <PreJoin circleId={circleId} /> : <Room circleId={circleId} />;
}
