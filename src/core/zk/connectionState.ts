/**
 * The connection states ZkSession reports, and how the library's ConnectionManager states map to
 * them. Kept deliberately calm: a session that lost its connection stays `disconnected` through
 * every failed attempt instead of flickering between disconnected and connecting.
 */
import { LIB_STATE } from './libraryTypes';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'authFailed' | 'closed';

/** The state after the library reports `libState`, or undefined when nothing changes for listeners. */
export function nextConnectionState(current: ConnectionState, libState: number, closedByUs: boolean): ConnectionState | undefined {
  let next: ConnectionState | undefined;
  switch (libState) {
    case LIB_STATE.CONNECTING:
      next = current === 'disconnected' ? undefined : 'connecting';
      break;
    case LIB_STATE.CONNECTED:
    case LIB_STATE.CONNECTED_READ_ONLY:
      next = 'connected';
      break;
    case LIB_STATE.DISCONNECTED:
      // Before the first connection every failed attempt is still 'connecting'; a close we asked
      // for is reported as 'closed' only.
      next = current === 'connected' && !closedByUs ? 'disconnected' : undefined;
      break;
    case LIB_STATE.SESSION_EXPIRED:
      next = 'expired';
      break;
    case LIB_STATE.AUTHENTICATION_FAILED:
      next = 'authFailed';
      break;
    case LIB_STATE.CLOSED:
      next = closedByUs ? 'closed' : undefined;
      break;
  }
  return next === current ? undefined : next;
}
