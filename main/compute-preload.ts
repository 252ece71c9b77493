/**
 * The hidden compute window's only door: `window.anpCompute`, which hands main's requests to the page
 * and the page's answers to main, on two fixed channels. No API of the app, no ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS } from './channels.js';

contextBridge.exposeInMainWorld('anpCompute', {
  onRequest: (listener: (request: unknown) => void) => {
    ipcRenderer.on(CHANNELS.computeRequest, (_event, request: unknown) => listener(request));
  },
  reply: (reply: unknown) => ipcRenderer.send(CHANNELS.computeReply, reply),
});
