import type { DashboardState, HostMessage, WebviewMessage } from '../src/shared/dashboardProtocol';
import { parseRecoveryMessage } from '../src/shared/recoveryValidation';

/*
 * The webview's end of the protocol: typed posts to the host, typed messages from it, and the
 * view state VS Code keeps across reloads (handed to the panel serializer).
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/**
 * Messages from the host; only this window's own messages with a known type are passed on. The
 * Recovery section's are checked first (they carry the consent questions its buttons answer); one
 * that fails the check goes to `rejected` with the reason, not to `handler`.
 */
export function onHostMessage(handler: (message: HostMessage) => void, rejected: (type: string, error: string) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null;
    if (data && (data.type === 'snapshot' || data.type === 'append')) handler(data as HostMessage);
    else if (data && data.type === 'recovery') {
      const checked = parseRecoveryMessage(data);
      if (checked.ok) handler(checked.value);
      else rejected('recovery', checked.error);
    }
  });
}

export function loadState(): Partial<DashboardState> {
  const raw = api.getState();
  return raw && typeof raw === 'object' ? raw : {};
}

export function saveState(state: DashboardState): void {
  api.setState(state);
  post({ type: 'state', state });
}
