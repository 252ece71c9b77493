/** Keyboard shortcuts: one table from key chord to action, matched apart from the DOM and listed in Help. */
export type ShortcutAction =
  | 'open'
  | 'paste'
  | 'undo'
  | 'redo'
  | 'complete'
  | 'accept'
  | 'escape'
  | 'toolBrush'
  | 'toolEraser'
  | 'toolRect'
  | 'toolLasso'
  | 'toolPan'
  | 'brushSmaller'
  | 'brushLarger'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'zoomActual'
  | 'clearMask'
  | 'help';

export interface KeyChord {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  /** `KeyboardEvent.key` values, lower-case; the first is shown in Help. */
  keys: string[];
  /** Ctrl (Cmd on macOS) held. */
  mod?: boolean;
  shift?: boolean;
  help: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'open', keys: ['o'], mod: true, help: 'Open photos' },
  { action: 'paste', keys: ['v'], mod: true, help: 'Paste an image from the clipboard' },
  { action: 'undo', keys: ['z'], mod: true, help: 'Undo a mask edit or an accepted result' },
  { action: 'redo', keys: ['z'], mod: true, shift: true, help: 'Redo' },
  { action: 'redo', keys: ['y'], mod: true, help: 'Redo' },
  { action: 'complete', keys: ['enter'], mod: true, help: 'Complete the erased region' },
  { action: 'accept', keys: ['enter'], help: 'Accept the shown result' },
  { action: 'escape', keys: ['escape'], help: 'Back to the original; close a notice or this panel' },
  { action: 'toolBrush', keys: ['b'], help: 'Brush: paint the region to erase' },
  { action: 'toolEraser', keys: ['e'], help: 'Mask eraser: take paint off the mask' },
  { action: 'toolRect', keys: ['r'], help: 'Rectangle' },
  { action: 'toolLasso', keys: ['l'], help: 'Lasso: a free polygon' },
  { action: 'toolPan', keys: ['h'], help: 'Pan (or hold Space)' },
  { action: 'brushSmaller', keys: ['['], help: 'Smaller brush (steps of about 10 %)' },
  { action: 'brushLarger', keys: [']'], help: 'Larger brush' },
  { action: 'zoomIn', keys: ['+', '='], help: 'Zoom in (or the mouse wheel)' },
  { action: 'zoomOut', keys: ['-'], help: 'Zoom out' },
  { action: 'zoomFit', keys: ['0'], help: 'Fit to the window' },
  { action: 'zoomActual', keys: ['1'], help: 'Actual size (100 %)' },
  { action: 'clearMask', keys: ['delete', 'backspace'], help: 'Clear the mask' },
  { action: 'help', keys: ['?', 'f1'], help: 'This list of shortcuts' },
];

function chordKey(key: string, mod: boolean, shift: boolean): string {
  return `${mod ? 'mod+' : ''}${shift ? 'shift+' : ''}${key}`;
}

const BY_CHORD = new Map<string, ShortcutAction>(
  SHORTCUTS.flatMap((s) => s.keys.map((key) => [chordKey(key, !!s.mod, !!s.shift), s.action] as const)),
);

export function matchShortcut(chord: KeyChord): ShortcutAction | null {
  const key = chord.key.toLowerCase();
  if (chord.altKey) return null;
  const mod = chord.ctrlKey || chord.metaKey;
  // Plain keys match whatever Shift does (it makes `?` and `+` on most layouts).
  return BY_CHORD.get(chordKey(key, mod, mod && chord.shiftKey)) ?? null;
}

/** How Help writes a shortcut's first chord: `Ctrl+Shift+Z`, `[`, `F1`. */
export function describeChord(shortcut: Shortcut, modName = 'Ctrl'): string {
  const key = shortcut.keys[0] ?? '';
  const name = key.length === 1 ? key.toUpperCase() : key.charAt(0).toUpperCase() + key.slice(1);
  return [shortcut.mod ? modName : null, shortcut.shift ? 'Shift' : null, name].filter(Boolean).join('+');
}
