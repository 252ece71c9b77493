/** The access page (browser mode without a token): the app's theme, and this host's own address. */
import './app.css';
import './access.css';
import { LIGHT_QUERY, ThemeStore } from './lib/stores/theme.svelte.js';

document.documentElement.dataset.theme = new ThemeStore(
  localStorage,
  matchMedia(LIGHT_QUERY).matches,
).resolved;
const address = document.getElementById('address');
if (address) address.textContent = `${location.origin}/#token=…`;
