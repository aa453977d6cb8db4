import type { CircleView, GroupsView } from '@hearth/shared';

/*
 * Pairs and small groups, as this page shows them: who is with me now (the tiles shown),
 * the words of the banner, and the by-hand assignment the facilitator builds. Pure, so the
 * rules of what is shown can be tested without a browser.
 */

/** Group sizes offered for random groups. */
export const GROUP_SIZES = [2, 3, 4, 5, 6] as const;
/** Countdowns offered (ms; null: no timer). */
export const GROUP_DURATIONS: (number | null)[] = [null, 3 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 20 * 60_000, 30 * 60_000];

/** "Pairs", "Groups of 3", … */
export function groupSizeLabel(size: number): string {
  return size === 2 ? 'Pairs' : `Groups of ${size}`;
}

/** "No timer", "5 minutes", … */
export function groupDurationLabel(ms: number | null): string {
  if (ms === null) return 'No timer';
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * The ids whose tiles this page shows while the circle is split: the viewer's group (its
 * people and visitors), or, in the main room, the others there. Null: the circle is together.
 */
export function visibleIds(view: CircleView | null): Set<string> | null {
  const groups = view?.groups;
  if (!view || !groups) return null;
  const selfId = view.you?.id;
  const ids = new Set<string>(selfId ? [selfId] : []);
  if (groups.yourGroupId === null) {
    for (const id of groups.mainRoom ?? []) ids.add(id);
    return ids;
  }
  const group = groups.groups.find((g) => g.id === groups.yourGroupId);
  for (const id of [...(group?.members ?? []), ...(group?.visitors ?? [])]) ids.add(id);
  return ids;
}

/** What the banner says about where you are. */
export interface GroupPlace {
  /** "Group 2", or "The main room". */
  title: string;
  /** "With Ash and Bea", "Fran is visiting", "Nobody else is here yet." */
  withWhom: string;
  /** Facilitators visiting the viewer's group (not the viewer), by name. */
  visitors: string[];
}

/** Names joined for reading: "Ash", "Ash and Bea", "Ash, Bea and Cy". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Where the viewer is while the circle is split, in words. */
export function groupPlace(groups: GroupsView, selfId: string | null, nameOf: (id: string) => string): GroupPlace {
  const group = groups.groups.find((g) => g.id === groups.yourGroupId);
  if (!group) {
    const others = (groups.mainRoom ?? []).filter((id) => id !== selfId).map(nameOf);
    return { title: 'The main room', withWhom: others.length > 0 ? `With ${listNames(others)}` : 'Only facilitators are here. Visit a group any time.', visitors: [] };
  }
  const others = group.members.filter((id) => id !== selfId).map(nameOf);
  const visitors = group.visitors.filter((id) => id !== selfId).map(nameOf);
  const title = groups.visiting ? `Visiting ${group.label}` : group.label;
  return { title, withWhom: others.length > 0 ? `With ${listNames(others)}` : 'Nobody else is in your group just now.', visitors };
}

/**
 * The groups a by-hand assignment makes: `assignment` maps a person to a group number
 * (0-based) or null (not placed: facilitators only). Empty groups are dropped.
 */
export function groupsFromAssignment(assignment: Record<string, number | null>, order: string[]): string[][] {
  const out = new Map<number, string[]>();
  for (const id of order) {
    const n = assignment[id];
    if (n === null || n === undefined) continue;
    out.set(n, [...(out.get(n) ?? []), id]);
  }
  return [...out.entries()].sort(([a], [b]) => a - b).map(([, ids]) => ids);
}

/** A starting by-hand assignment: members dealt into `count` groups in circle order, facilitators unplaced. */
export function initialAssignment(view: CircleView, count: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  let i = 0;
  for (const p of view.participants) {
    if (p.role === 'member' && p.presence === 'present') out[p.id] = i++ % Math.max(1, count);
    else out[p.id] = null;
  }
  return out;
}
