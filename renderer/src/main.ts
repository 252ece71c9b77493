import { mount } from 'svelte';
import App from './App.svelte';
import { FEATURES } from './features/index.js';
import { electronBridge } from './lib/api/bridge.js';
import { showAccessPage, takeToken } from './lib/api/http.js';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// In browser mode a tab opened without the token (from the address `npm start` printed) cannot
// reach the engine: it gets the page that says how to get in rather than an app that cannot work.
if (!electronBridge() && !takeToken()) showAccessPage();
else mount(App, { target, props: { features: FEATURES } });
