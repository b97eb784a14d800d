import type { DashboardState, HostMessage, WebviewMessage } from '../src/shared/dashboardProtocol';

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

/** Messages from the host; only this window's own messages with a known type are passed on. */
export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null;
    if (data && (data.type === 'snapshot' || data.type === 'append')) handler(data as HostMessage);
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
