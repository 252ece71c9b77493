import { describe, expect, it } from 'vitest';
import { ThemeStore } from './theme.svelte.js';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('ThemeStore', () => {
  it('follows the OS until the user chooses, and remembers the choice', () => {
    const storage = memoryStorage();
    const theme = new ThemeStore(storage, true);
    expect(theme.resolved).toBe('light');
    theme.systemLight = false;
    expect(theme.resolved).toBe('dark');
    theme.set('light');
    expect(new ThemeStore(storage, false).resolved).toBe('light');
    theme.set('system');
    expect(new ThemeStore(storage, false).resolved).toBe('dark');
  });
});
