import { useId, useState } from 'react';
import type { CircleView, GroupsView } from '@hearth/shared';
import { MAX_GROUP_MESSAGE_LENGTH } from '@hearth/shared';
import { useHearth } from '../app/context';
import {
  GROUP_DURATIONS, GROUP_SIZES, groupDurationLabel, groupPlace, groupSizeLabel, groupsFromAssignment, initialAssignment, listNames,
} from '../lib/groups';
import { formatCountdown, spokenRemaining } from '../lib/time';
import { ActionButton } from './ActionButton';
import { useNow } from './useNow';

/*
 * Pairs and small groups on the page: the banner everyone sees while the circle is split
 * (where you are, with whom, the shared countdown, the facilitator's message), and the
 * facilitator's section to form groups (random or by hand), visit them, message them and
 * bring everyone back.
 */

/** The shared countdown: the same `endsAt` for every group, corrected for this device's clock. */
function GroupsCountdown({ groups }: { groups: GroupsView }) {
  const offset = useHearth((s) => s.rules.clockOffsetMs);
  const running = groups.endsAt !== null && !groups.timeUp;
  const now = useNow(1000, running);
  if (groups.endsAt === null) return null;
  const remaining = groups.endsAt - (now + offset);
  const up = groups.timeUp || remaining <= 0;
  return (
    <span className={`turn-timer ${up ? 'turn-timer-up' : remaining <= 60_000 ? 'turn-timer-soon' : 'turn-timer-running'}`} data-testid="groups-timer" data-state={up ? 'up' : 'running'}>
      {up ? (
        <span>Time's up</span>
      ) : (
        <>
          <span aria-hidden="true">{formatCountdown(remaining)} left</span>
          <span className="sr-only">{spokenRemaining(remaining)}</span>
        </>
      )}
    </span>
  );
}

/** Where you are while the circle is in groups; nothing when it is together. */
export function GroupsBanner() {
  const view = useHearth((s) => s.circle.view);
  const send = useHearth((s) => s.sendCommand);
  const groups = view?.groups;
  if (!view || !groups || view.ended) return null;
  const nameOf = (id: string) => view.participants.find((p) => p.id === id)?.name ?? 'Someone';
  const place = groupPlace(groups, view.you?.id ?? null, nameOf);
  const facilitator = view.you?.role === 'facilitator';
  return (
    <section className="groups-banner" aria-labelledby="groups-banner-title" data-testid="groups-banner">
      <div className="groups-banner-head">
        <h2 id="groups-banner-title">{place.title}</h2>
        <GroupsCountdown groups={groups} />
      </div>
      <p data-testid="groups-with">{place.withWhom}</p>
      {place.visitors.length > 0 ? <p className="soft">{listNames(place.visitors)} (facilitator) is visiting.</p> : null}
      {groups.message ? (
        <p className="groups-message" data-testid="groups-message">
          <span className="soft">From {nameOf(groups.message.from)}:</span> {groups.message.text}
        </p>
      ) : null}
      {groups.timeUp ? <p className="soft">Finish your thought — a facilitator will bring everyone back.</p> : null}
      {facilitator && groups.visiting ? (
        <ActionButton className="secondary small" onClick={() => void send({ type: 'leaveGroupVisit' })}>
          Leave this group
        </ActionButton>
      ) : null}
    </section>
  );
}

/** The facilitator's section: form groups while together; see, visit, message and end them while split. */
export function GroupsSection({ view }: { view: CircleView }) {
  return (
    <div className="panel-block groups-section" data-testid="groups-section">
      <h3>Pairs and small groups</h3>
      {view.groups ? <GroupsOn view={view} groups={view.groups} /> : <FormGroups view={view} />}
    </div>
  );
}

function DurationSelect({ value, onChange }: { value: number | null; onChange: (ms: number | null) => void }) {
  const id = useId();
  return (
    <div className="field-row">
      <label htmlFor={id}>Timer</label>
      <select id={id} value={value === null ? 'none' : String(value)} onChange={(e) => onChange(e.target.value === 'none' ? null : Number(e.target.value))}>
        {GROUP_DURATIONS.map((ms) => (
          <option key={ms ?? 'none'} value={ms === null ? 'none' : String(ms)}>
            {groupDurationLabel(ms)}
          </option>
        ))}
      </select>
    </div>
  );
}

function FormGroups({ view }: { view: CircleView }) {
  const send = useHearth((s) => s.sendCommand);
  const [size, setSize] = useState<number>(2);
  const [durationMs, setDuration] = useState<number | null>(10 * 60_000);
  const [byHand, setByHand] = useState<Record<string, number | null> | null>(null);
  const sizeId = useId();
  const members = view.participants.filter((p) => p.role === 'member' && p.presence === 'present').length;
  const count = Math.max(1, Math.floor(members / size));
  return (
    <>
      <p className="soft">Each group sees and hears only itself, with an open floor. You can visit any group.</p>
      <div className="field-row">
        <label htmlFor={sizeId}>Size</label>
        <select id={sizeId} value={size} onChange={(e) => setSize(Number(e.target.value))}>
          {GROUP_SIZES.map((n) => (
            <option key={n} value={n}>
              {groupSizeLabel(n)}
            </option>
          ))}
        </select>
      </div>
      <DurationSelect value={durationMs} onChange={setDuration} />
      <div className="button-grid">
        <ActionButton disabled={members < 2} onClick={() => void send({ type: 'startGroups', size, seed: 0, durationMs })} data-testid="groups-random">
          Form random groups
        </ActionButton>
        <button type="button" className="secondary" aria-expanded={byHand !== null} onClick={() => setByHand(byHand ? null : initialAssignment(view, Math.max(2, count)))}>
          {byHand ? 'Close by hand' : 'Arrange by hand'}
        </button>
      </div>
      {members < 2 ? <p className="soft">Groups need at least two members present.</p> : null}
      {byHand ? <ByHand view={view} assignment={byHand} count={count} onChange={setByHand} onStart={(groups) => void send({ type: 'startGroupsByHand', groups, durationMs })} /> : null}
    </>
  );
}

function ByHand(props: {
  view: CircleView;
  assignment: Record<string, number | null>;
  count: number;
  onChange: (a: Record<string, number | null>) => void;
  onStart: (groups: string[][]) => void;
}) {
  const { view, assignment, onChange } = props;
  const [count, setCount] = useState(Math.max(2, props.count));
  const people = view.participants;
  const groups = groupsFromAssignment(assignment, people.map((p) => p.id));
  return (
    <fieldset className="groups-by-hand">
      <legend>By hand</legend>
      <div className="groups-count">
        <button type="button" className="secondary small" disabled={count <= 1} onClick={() => setCount(count - 1)} aria-label="One group fewer">
          −
        </button>
        <span aria-live="polite">{count} groups</span>
        <button type="button" className="secondary small" onClick={() => setCount(count + 1)} aria-label="One group more">
          +
        </button>
      </div>
      <ul className="groups-assign">
        {people.map((p) => (
          <li key={p.id}>
            <label>
              <span>{p.name}</span>
              <select
                value={assignment[p.id] ?? 'none'}
                data-testid={`assign-${p.id}`}
                onChange={(e) => onChange({ ...assignment, [p.id]: e.target.value === 'none' ? null : Number(e.target.value) })}
              >
                <option value="none">{p.role === 'facilitator' ? 'Free to visit' : 'Not placed'}</option>
                {Array.from({ length: count }, (_, i) => (
                  <option key={i} value={i}>
                    Group {i + 1}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      <ActionButton disabled={groups.length === 0} onClick={() => props.onStart(groups)} data-testid="groups-by-hand-start">
        Start these groups
      </ActionButton>
    </fieldset>
  );
}

function GroupsOn({ view, groups }: { view: CircleView; groups: GroupsView }) {
  const send = useHearth((s) => s.sendCommand);
  const [text, setText] = useState('');
  const messageId = useId();
  const nameOf = (id: string) => view.participants.find((p) => p.id === id)?.name ?? 'Someone';
  const selfId = view.you?.id;
  return (
    <>
      <ul className="groups-list">
        {groups.groups.map((g) => {
          const here = groups.yourGroupId === g.id;
          const own = selfId !== undefined && g.members.includes(selfId);
          return (
            <li key={g.id} className={here ? 'groups-item groups-here' : 'groups-item'} data-testid={`group-${g.id}`}>
              <div>
                <strong>{g.label}</strong>
                {here ? <span className="soft"> · you are here</span> : null}
                <p className="soft">
                  {listNames(g.members.map(nameOf)) || 'Nobody'}
                  {g.visitors.length > 0 ? ` · visiting: ${listNames(g.visitors.map(nameOf))}` : ''}
                </p>
              </div>
              {here ? null : (
                <ActionButton className="secondary small" aria-label={own ? `Back to ${g.label}` : `Visit ${g.label}`} onClick={() => void send({ type: 'visitGroup', group: g.id })}>
                  {own ? 'Back' : 'Visit'}
                </ActionButton>
              )}
            </li>
          );
        })}
      </ul>
      {groups.visiting ? (
        <ActionButton className="secondary" onClick={() => void send({ type: 'leaveGroupVisit' })}>
          Leave the group you visit
        </ActionButton>
      ) : null}
      {groups.mainRoom && groups.mainRoom.length > 0 ? (
        <p className="soft">Main room: {listNames(groups.mainRoom.map((id) => (id === selfId ? 'you' : nameOf(id))))}</p>
      ) : null}
      <form
        className="groups-message-form"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = text.trim();
          if (!trimmed) return;
          void send({ type: 'messageGroups', text: trimmed }).then((sent) => sent && setText(''));
        }}
      >
        <label htmlFor={messageId}>Message to all groups</label>
        <div className="groups-message-row">
          <input id={messageId} type="text" value={text} maxLength={MAX_GROUP_MESSAGE_LENGTH} placeholder="e.g. Two minutes left" onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="secondary" disabled={!text.trim()}>
            Send
          </button>
        </div>
      </form>
      <ActionButton onClick={() => void send({ type: 'endGroups' })} data-testid="groups-end">
        Back to the circle
      </ActionButton>
    </>
  );
}
