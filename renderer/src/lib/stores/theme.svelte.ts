export type ThemeChoice = 'system' | 'light' | 'dark';

/** The OS asks for a light theme. */
export const LIGHT_QUERY = '(prefers-color-scheme: light)';

const KEY = 'anp.theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Light or dark: the OS setting unless the user chose one (kept across launches). */
export class ThemeStore {
  choice = $state<ThemeChoice>('system');
  systemLight = $state(false);
  resolved = $derived<'light' | 'dark'>(
    this.choice === 'system' ? (this.systemLight ? 'light' : 'dark') : this.choice,
  );
  #storage: Storage | null;

  constructor(storage: Storage | null, systemLight: boolean) {
    this.#storage = storage;
    this.systemLight = systemLight;
    const saved = storage?.getItem(KEY);
    if (saved && (CHOICES as readonly string[]).includes(saved)) this.choice = saved as ThemeChoice;
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    this.#storage?.setItem(KEY, choice);
  }

  /** Follows the OS setting as it changes; returns the unsubscribe function. */
  follow(media: MediaQueryList): () => void {
    const onChange = (e: MediaQueryListEvent) => (this.systemLight = e.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }
}
