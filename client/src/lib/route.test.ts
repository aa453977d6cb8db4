import { circleIdFromInput, circleLinkFromInput, circleLinkPath, circlePath, cohortPath, invitePath, linkKeyFromSearch, needsAccount, newCircleId, parseRoute, routeLinkKey } from './route';
import { cohortTabsFor } from './permissions';
import { sessionLabel, webcalUrl } from './links';
import { initialsOf } from './initials';

describe('parseRoute', () => {
  it.each([
    ['/', { name: 'welcome' }],
    ['', { name: 'welcome' }],
    ['/c/abc-123', { name: 'circle', circleId: 'abc-123' }],
    ['/c/abc_1/', { name: 'circle', circleId: 'abc_1' }],
    ['/c/h-abc?k=key-0123456789', { name: 'circle', circleId: 'h-abc', linkKey: 'key-0123456789' }],
    ['/c/h-abc/?k=key-0123456789#x', { name: 'circle', circleId: 'h-abc', linkKey: 'key-0123456789' }],
    ['/c/h-abc?k=short', { name: 'circle', circleId: 'h-abc' }],
    ['/?k=key-0123456789', { name: 'welcome' }],
    ['/c/bad%20id', { name: 'invalid-circle', raw: 'bad id' }],
    ['/elsewhere', { name: 'not-found', path: '/elsewhere' }],
    ['/sign-in', { name: 'sign-in' }],
    ['/home/', { name: 'home' }],
    ['/admin', { name: 'admin' }],
    ['/settings/', { name: 'settings' }],
    ['/account-deleted', { name: 'account-deleted' }],
    ['/invite/abcdefghijklmnopqrstuvwxyz_-01', { name: 'invite', token: 'abcdefghijklmnopqrstuvwxyz_-01' }],
    ['/invite/short', { name: 'not-found', path: '/invite/short' }],
    ['/admin/cohorts/c1', { name: 'cohort', cohortId: 'c1', tab: 'details', base: '/admin/cohorts' }],
    ['/admin/cohorts/c1/schedule', { name: 'cohort', cohortId: 'c1', tab: 'schedule', base: '/admin/cohorts' }],
    ['/cohorts/c1/people', { name: 'cohort', cohortId: 'c1', tab: 'people', base: '/cohorts' }],
    ['/cohorts/c1/nope', { name: 'not-found', path: '/cohorts/c1/nope' }],
  ])('%s', (path, route) => expect(parseRoute(path)).toEqual(route));

  it('builds the paths it parses', () => {
    expect(parseRoute(cohortPath('c1', 'attendance'))).toMatchObject({ name: 'cohort', tab: 'attendance' });
    expect(cohortPath('c1')).toBe('/admin/cohorts/c1');
    expect(cohortPath('c1', 'details', '/cohorts')).toBe('/cohorts/c1');
    expect(parseRoute(invitePath('abcdefghijklmnopqrstuvwxyz'))).toMatchObject({ name: 'invite' });
  });

  it('knows which pages need an account', () => {
    expect(['/', '/c/x', '/sign-in', '/invite/abcdefghijklmnopqrstuvwxyz', '/account-deleted'].map((p) => needsAccount(parseRoute(p)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['/home', '/admin', '/cohorts/c1', '/settings'].map((p) => needsAccount(parseRoute(p)))).toEqual([true, true, true, true]);
  });
});

describe('hosted circle links', () => {
  it('reads the key of a link', () => {
    expect(linkKeyFromSearch('?k=key-0123456789')).toBe('key-0123456789');
    expect(linkKeyFromSearch('a=1&k=key-0123456789')).toBe('key-0123456789');
    expect(linkKeyFromSearch('?k=')).toBeNull();
    expect(linkKeyFromSearch('')).toBeNull();
  });

  it('builds and reads circle paths with a key', () => {
    expect(circlePath('h-abc', 'key-0123456789')).toBe('/c/h-abc?k=key-0123456789');
    expect(circlePath('h-abc', null)).toBe('/c/h-abc');
    expect(circleLinkPath('https://h.example/c/h-abc?k=key-0123456789')).toBe('/c/h-abc?k=key-0123456789');
    expect(routeLinkKey(parseRoute('/c/h-abc?k=key-0123456789'), 'h-abc')).toBe('key-0123456789');
    expect(routeLinkKey(parseRoute('/c/h-abc?k=key-0123456789'), 'other')).toBeNull();
    expect(routeLinkKey(parseRoute('/home'), 'h-abc')).toBeNull();
  });

  it('accepts pasted links with their key', () => {
    expect(circleLinkFromInput(' https://h.example/c/h-abc?k=key-0123456789 ')).toEqual({ circleId: 'h-abc', linkKey: 'key-0123456789' });
    expect(circleLinkFromInput('/c/abc')).toEqual({ circleId: 'abc', linkKey: null });
    expect(circleLinkFromInput('abc')).toEqual({ circleId: 'abc', linkKey: null });
    expect(circleLinkFromInput('')).toBeNull();
    expect(circleIdFromInput('https://h.example/c/h-abc?k=key-0123456789')).toBe('h-abc');
  });
});

describe('cohort tabs by role', () => {
  it('members see the read-only tabs only', () => {
    expect(cohortTabsFor('member')).toEqual(['details', 'sessions', 'people', 'agreement']);
    expect(cohortTabsFor('facilitator')).toHaveLength(8);
    expect(cohortTabsFor('admin')).toContain('invites');
  });
});

describe('links', () => {
  it('webcal and session labels', () => {
    expect(webcalUrl('https://h.example/ical/u/t.ics')).toBe('webcal://h.example/ical/u/t.ics');
    expect(webcalUrl('http://localhost:3000/ical/u/t.ics')).toBe('webcal://localhost:3000/ical/u/t.ics');
    expect(sessionLabel(2, 8)).toBe('Session 3 of 8');
    expect(sessionLabel(2, null)).toBe('Session 3');
  });
});

describe('circleIdFromInput', () => {
  it.each([
    ['abc123', 'abc123'],
    ['  abc123 ', 'abc123'],
    ['/c/abc123', 'abc123'],
    ['https://hearth.example/c/abc123?x=1#y', 'abc123'],
    ['http://localhost:5173/c/Zz_-9', 'Zz_-9'],
    ['', null],
    ['not an id', null],
    ['https://hearth.example/', null],
  ])('%j → %j', (input, id) => expect(circleIdFromInput(input)).toBe(id));
});

describe('newCircleId', () => {
  it('makes a short URL-safe id, with or without randomUUID', () => {
    expect(newCircleId()).toMatch(/^[0-9a-f]{12}$/);
    const noUuid = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) };
    expect(newCircleId(noUuid)).toMatch(/^[0-9a-f]{12}$/);
    expect(parseRoute(circlePath(newCircleId()))).toMatchObject({ name: 'circle' });
  });
});

describe('initialsOf', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['bob', 'B'],
    ['  élise   de la cour ', 'ÉC'],
    ['', '?'],
  ])('%j → %s', (name, initials) => expect(initialsOf(name)).toBe(initials));
});
