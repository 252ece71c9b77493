import { describe, expect, it } from 'vitest';
import { matchShortcut, type KeyChord } from './shortcuts.js';

const chord = (key: string, mods: Partial<KeyChord> = {}): KeyChord => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('maps Ctrl and Cmd chords', () => {
    expect(matchShortcut(chord('o', { ctrlKey: true }))).toBe('open');
    expect(matchShortcut(chord('z', { metaKey: true }))).toBe('undo');
    expect(matchShortcut(chord('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(matchShortcut(chord('Enter', { ctrlKey: true }))).toBe('complete');
  });

  it('maps plain keys to tools and zoom, and ignores Alt chords and unknown keys', () => {
    expect(matchShortcut(chord('b'))).toBe('toolBrush');
    expect(matchShortcut(chord('R'))).toBe('toolRect');
    expect(matchShortcut(chord(']'))).toBe('brushLarger');
    expect(matchShortcut(chord('0'))).toBe('zoomFit');
    expect(matchShortcut(chord('Enter'))).toBe('accept');
    expect(matchShortcut(chord('b', { altKey: true }))).toBeNull();
    expect(matchShortcut(chord('q'))).toBeNull();
    expect(matchShortcut(chord('o', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});
