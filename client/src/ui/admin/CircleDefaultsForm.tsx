import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_CIRCLE_RULES, type CircleDefaults, type CohortView } from '@hearth/shared';
import { useHearth } from '../../app/context';
import { MODE_LABELS, QUEUE_ORDER_LABELS, TURN_LIMITS, turnLimitLabel } from '../../lib/talk';
import { FormAlert, FormStatus, SelectField, Switch } from '../forms';
import { useSave } from './useSave';

type StartMode = NonNullable<CircleDefaults['mode']>;
const START_MODES: StartMode[] = ['open', 'queue', 'directed'];

/** Every rule filled in: the saved ones over Hearth's defaults. */
function fullRules(saved: CircleDefaults): Required<CircleDefaults> {
  const base = DEFAULT_CIRCLE_RULES;
  return {
    mode: saved.mode ?? (base.mode === 'round' ? 'open' : base.mode),
    queueOrder: saved.queueOrder ?? base.queueOrder,
    directReplies: saved.directReplies ?? base.directReplies,
    turnLimitMs: saved.turnLimitMs === undefined ? base.turnLimitMs : saved.turnLimitMs,
    autoAdvance: saved.autoAdvance ?? base.autoAdvance,
    facilitatorsMaySpeak: saved.facilitatorsMaySpeak ?? base.facilitatorsMaySpeak,
    chat: saved.chat ?? base.chat ?? true,
  };
}

/**
 * How every session's circle starts: mode, queue order, direct replies, turn limit,
 * auto-advance, facilitators-may-speak. Facilitators can change them live in the circle,
 * and save what they chose there for next time; this is the same setting.
 */
export function CircleDefaultsForm({ cohort }: { cohort: CohortView }) {
  const update = useHearth((s) => s.updateCohort);
  const [rules, setRules] = useState(() => fullRules(cohort.circleDefaults));
  const save = useSave();
  useEffect(() => setRules(fullRules(cohort.circleDefaults)), [cohort.circleDefaults]);
  const set = <K extends keyof CircleDefaults>(key: K, value: Required<CircleDefaults>[K]) => setRules((r) => ({ ...r, [key]: value }));
  const limits = TURN_LIMITS.includes(rules.turnLimitMs) ? TURN_LIMITS : [...TURN_LIMITS, rules.turnLimitMs];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save.run(() => update(cohort.id, { circleDefaults: rules }), 'Circle settings saved: the next session starts with them.');
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="stack" aria-labelledby="circle-defaults-title" data-testid="circle-defaults">
      <h2 id="circle-defaults-title">How each circle starts</h2>
      <p className="soft">The talk rules every session's circle opens with. Facilitators can still change them during a session.</p>
      <SelectField
        label="Mode"
        value={rules.mode}
        options={START_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
        onChange={(m) => set('mode', m)}
        hint="A go-around is started in the circle, when everyone is there."
      />
      <SelectField label="Queue order" value={rules.queueOrder} options={(['fifo', 'notYetSpoken', 'leastAirtime'] as const).map((o) => ({ value: o, label: QUEUE_ORDER_LABELS[o] }))} onChange={(o) => set('queueOrder', o)} />
      <SelectField
        label="Turn limit"
        value={rules.turnLimitMs === null ? 'none' : String(rules.turnLimitMs)}
        options={limits.map((ms) => ({ value: ms === null ? 'none' : String(ms), label: turnLimitLabel(ms) }))}
        onChange={(v) => set('turnLimitMs', v === 'none' ? null : Number(v))}
      />
      <Switch label="Direct replies" hint="Someone may ask to answer the speaker directly." checked={rules.directReplies} onChange={(on) => set('directReplies', on)} />
      <Switch label="Auto-advance" hint="When a turn’s time is up, the floor moves on by itself." checked={rules.autoAdvance} onChange={(on) => set('autoAdvance', on)} />
      <Switch label="Facilitators may always speak" hint="Facilitators' mics stay open in structured modes." checked={rules.facilitatorsMaySpeak} onChange={(on) => set('facilitatorsMaySpeak', on)} />
      <Switch label="Chat" hint="Text messages for the people present; never stored." checked={rules.chat} onChange={(on) => set('chat', on)} />
      <FormAlert message={save.error} />
      <button type="submit" className="primary" aria-disabled={save.busy || undefined}>
        Save circle settings
      </button>
      <FormStatus message={save.status} />
    </form>
  );
}
