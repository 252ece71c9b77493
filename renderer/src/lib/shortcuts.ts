/** Keyboard shortcuts: one table from key chord to action name, matched apart from the DOM. */
export type ShortcutAction =
  | 'open'
  | 'undo'
  | 'redo'
  | 'complete'
  | 'accept'
  | 'escape'
  | 'toolBrush'
  | 'toolRect'
  | 'toolPan'
  | 'brushSmaller'
  | 'brushLarger'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'zoomActual'
  | 'clearMask';

export interface KeyChord {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const WITH_MOD: Record<string, ShortcutAction> = {
  o: 'open',
  z: 'undo',
  y: 'redo',
  enter: 'complete',
};

const PLAIN: Record<string, ShortcutAction> = {
  b: 'toolBrush',
  r: 'toolRect',
  h: 'toolPan',
  '[': 'brushSmaller',
  ']': 'brushLarger',
  '+': 'zoomIn',
  '=': 'zoomIn',
  '-': 'zoomOut',
  '0': 'zoomFit',
  '1': 'zoomActual',
  enter: 'accept',
  escape: 'escape',
  delete: 'clearMask',
  backspace: 'clearMask',
};

export function matchShortcut(chord: KeyChord): ShortcutAction | null {
  const key = chord.key.toLowerCase();
  if (chord.altKey) return null;
  if (chord.ctrlKey || chord.metaKey) {
    if (key === 'z' && chord.shiftKey) return 'redo';
    return chord.shiftKey ? null : (WITH_MOD[key] ?? null);
  }
  return PLAIN[key] ?? null;
}
