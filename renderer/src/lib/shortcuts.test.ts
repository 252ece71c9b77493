import { describe, expect, it } from 'vitest';
import { describeChord, matchShortcut, SHORTCUTS, type KeyChord } from './shortcuts.js';

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

  it('maps the mask tools, help and paste', () => {
    expect(matchShortcut(chord('e'))).toBe('toolEraser');
    expect(matchShortcut(chord('l'))).toBe('toolLasso');
    expect(matchShortcut(chord('?', { shiftKey: true }))).toBe('help');
    expect(matchShortcut(chord('F1'))).toBe('help');
    expect(matchShortcut(chord('v', { ctrlKey: true }))).toBe('paste');
  });

  it('lists every action once at least, and writes chords as Help shows them', () => {
    const redo = SHORTCUTS.find((s) => s.action === 'redo');
    expect(redo && describeChord(redo)).toBe('Ctrl+Shift+Z');
    const escape = SHORTCUTS.find((s) => s.action === 'escape');
    expect(escape && describeChord(escape, '⌘')).toBe('Escape');
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(20);
  });
});
