import { circleIdFromInput, circlePath, newCircleId, parseRoute } from './route';
import { initialsOf } from './initials';

describe('parseRoute', () => {
  it.each([
    ['/', { name: 'welcome' }],
    ['', { name: 'welcome' }],
    ['/c/abc-123', { name: 'circle', circleId: 'abc-123' }],
    ['/c/abc_1/', { name: 'circle', circleId: 'abc_1' }],
    ['/c/bad%20id', { name: 'invalid-circle', raw: 'bad id' }],
    ['/elsewhere', { name: 'not-found', path: '/elsewhere' }],
  ])('%s', (path, route) => expect(parseRoute(path)).toEqual(route));
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
