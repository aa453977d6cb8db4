import { isTypingTarget, shortcutFor } from './shortcuts';

describe('shortcutFor', () => {
  it.each([
    ['h', 'toggleHand'],
    ['H', 'toggleHand'],
    ['p', 'pass'],
    ['f', 'finishTurn'],
    ['r', 'reply'],
    ['m', 'toggleMic'],
    ['v', 'toggleCamera'],
    ['n', 'toggleMoment'],
    ['?', 'help'],
  ])('%s → %s', (key, type) => expect(shortcutFor({ key })).toEqual({ type }));

  it('maps 1–4 to the four reactions', () => {
    expect(['1', '2', '3', '4'].map((key) => shortcutFor({ key }))).toEqual([
      { type: 'react', kind: 'meToo' },
      { type: 'react', kind: 'resonates' },
      { type: 'react', kind: 'thankYou' },
      { type: 'react', kind: 'heart' },
    ]);
  });

  it('ignores other keys', () => {
    for (const key of ['a', 'x', '5', '0', 'Enter', ' ', 'Escape', 'Tab', 'ArrowUp']) expect(shortcutFor({ key })).toBeNull();
  });

  it('ignores keys while typing, with modifiers and on auto-repeat', () => {
    expect(shortcutFor({ key: 'h', typing: true })).toBeNull();
    expect(shortcutFor({ key: '?', typing: true })).toBeNull();
    expect(shortcutFor({ key: 'm', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'r', metaKey: true })).toBeNull();
    expect(shortcutFor({ key: 'f', altKey: true })).toBeNull();
    expect(shortcutFor({ key: 'h', repeat: true })).toBeNull();
  });
});

describe('isTypingTarget', () => {
  it('is true for text fields, text areas, selects and editable content', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false for buttons, checkboxes, radios and the page', () => {
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BODY' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
