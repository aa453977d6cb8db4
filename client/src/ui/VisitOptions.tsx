import { useHearth } from '../app/context';
import { CheckIcon, MoreIcon } from './icons';
import { MenuButton } from './Menu';

const check = (on: boolean) => <span className="menu-check">{on ? <CheckIcon size={18} /> : null}</span>;

/**
 * The person's own options for this visit, in the call controls: "Audio only" (receive no
 * video: for a weak or costly connection; kept for the visit) and "Lower my hand when I
 * start speaking" (open floor; remembered by this browser, off until turned on).
 */
export function VisitOptions() {
  const prefs = useHearth((s) => s.visitPrefs);
  const setAudioOnly = useHearth((s) => s.setAudioOnly);
  const setLowerHand = useHearth((s) => s.setLowerHandWhenSpeaking);
  return (
    <MenuButton
      label="More options"
      visibleLabel="More"
      icon={<MoreIcon />}
      menuClassName="menu-up menu-options"
      items={[
        { key: 'audioOnly', label: 'Audio only (no video)', checked: prefs.audioOnly, icon: check(prefs.audioOnly), onSelect: () => void setAudioOnly(!prefs.audioOnly) },
        {
          key: 'lowerHand',
          label: 'Lower my hand when I start speaking',
          checked: prefs.lowerHandWhenSpeaking,
          icon: check(prefs.lowerHandWhenSpeaking),
          onSelect: () => void setLowerHand(!prefs.lowerHandWhenSpeaking),
        },
      ]}
    />
  );
}
