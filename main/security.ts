/**
 * Window-level hardening: no navigation away from the app, no new windows, no webviews, no
 * permission grants (camera, notifications, …), and the CSP added to every response the session sees.
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../app/util/security-headers.js';

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type SessionLike = {
  setPermissionRequestHandler: Session['setPermissionRequestHandler'];
  setPermissionCheckHandler: Session['setPermissionCheckHandler'];
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function hardenWebContents(contents: ContentsLike): void {
  const block = (event: { preventDefault(): void }): void => event.preventDefault();
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', block);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
