import { useState } from 'react';
import { useHearth } from '../app/context';
import { ConfirmDialog } from './ConfirmDialog';
import { MoreIcon } from './icons';
import { MenuButton, type MenuItem } from './Menu';

/**
 * A facilitator's menu on one person's tile ("Actions for Sam"). Only actions that make
 * sense now are offered (no "Give floor" in open mode, no "Mute" for someone already muted
 * by a facilitator). Removing someone asks for confirmation first.
 */
export function TileActions({ peerId, name, isSelf, cameraOff }: { peerId: string; name: string; isSelf: boolean; cameraOff: boolean }) {
  const view = useHearth((s) => s.circle.view);
  const send = useHearth((s) => s.sendCommand);
  const [confirmRemove, setConfirmRemove] = useState(false);

  const p = view?.participants.find((x) => x.id === peerId);
  if (!view || !p) return null;
  const mode = view.rules.mode;
  const present = p.presence === 'present';
  const facilitators = view.participants.filter((x) => x.role === 'facilitator' && x.presence === 'present').length;

  const items: MenuItem[] = [];
  const add = (key: string, label: string, onSelect: () => void, danger = false) => items.push({ key, label, onSelect, danger });
  if (mode !== 'open' && present && !p.hasFloor) add('floor', 'Give floor', () => void send({ type: 'giveFloor', to: peerId }));
  if (!view.round) add('round', 'Start round here', () => void send({ type: 'startRound', startWith: peerId }));
  if (p.handRaised) add('lower', 'Lower hand', () => void send({ type: 'lowerHandOf', target: peerId }));
  if (!isSelf) {
    if (!p.mutedByFacilitator) add('mute', 'Mute', () => void send({ type: 'muteParticipant', target: peerId }));
    add('ask', 'Ask to unmute', () => void send({ type: 'askToUnmute', target: peerId }));
    if (!cameraOff) add('video', 'Stop video', () => void send({ type: 'stopVideo', target: peerId }));
  }
  if (p.role === 'member') add('promote', 'Make co-facilitator', () => void send({ type: 'promote', target: peerId }));
  else if (facilitators > 1 || !present) add('demote', 'Remove facilitator role', () => void send({ type: 'demote', target: peerId }));
  if (!isSelf && p.role === 'member') add('remove', 'Remove from circle', () => setConfirmRemove(true), true);

  return (
    <div className="tile-actions">
      <MenuButton label={`Actions for ${name}`} icon={<MoreIcon size={22} />} items={items} className="tile-menu-button" menuClassName="menu-tile" />
      <ConfirmDialog
        open={confirmRemove}
        title={`Remove ${name} from this circle?`}
        confirmLabel={`Remove ${name}`}
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => {
          setConfirmRemove(false);
          void send({ type: 'removeParticipant', target: peerId });
        }}
      >
        <p>
          They'll leave the call right away and can't rejoin this session unless a facilitator lets them back in. If you can, a
          gentle word first is kinder.
        </p>
      </ConfirmDialog>
    </div>
  );
}
