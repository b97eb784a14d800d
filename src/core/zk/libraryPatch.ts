/**
 * How we harden node-zookeeper-client 1.1.3 (pinned exactly in package.json) without forking it.
 *
 * Kept from the library: sockets, the connect handshake, session id/password, replay of auth
 * after reconnects, watch re-registration (SetWatches), xid assignment, the packet and pending
 * queues, idle pings and close. Replaced, per connection manager instance:
 *
 * - `onSocketData`: the library's handler throws on an unknown error code (exiting the process),
 *   destroys the connection on any opcode it does not know (so sync, reconfig, getEphemerals,
 *   container and TTL creates cannot work), shifts a pending request before checking its xid
 *   (losing it on a mismatch), and keeps a partial frame across reconnects. Ours frames the
 *   stream per socket, hands replies to our decoders, and turns every failure into a typed error
 *   plus a reconnect. The connect response is still handled by the library's own code.
 * - `findNextServer`: the library's spin timer is untracked (it opens a socket after close) and
 *   retries an unreachable ensemble at a fixed rate; ours is cancellable and backs off.
 *
 * Patched once, globally: `Exception.create`, which throws for codes it does not know; now it
 * returns an exception carrying the code, so no library path can throw from a socket handler.
 *
 * Everything here runs inside esbuild bundles too: only public exports and instance fields of
 * the library are touched, and `assertShape` fails loudly at connect time if they change.
 */
import * as zookeeper from 'node-zookeeper-client';
import { nameOfCode } from './errors';
import { installFrameHandler } from './frames';
import { HardenHooks, LibConnectionManager, assertShape } from './libraryTypes';

type ExceptionModule = { create: (code: number, path?: string) => unknown; prototype: object };
const PATCHED = Symbol.for('zookeeper-ops.exceptionPatched');

/** Makes `Exception.create` total: unknown codes yield an exception instead of a throw. */
export function patchExceptionFactory(): void {
  const exception = zookeeper.Exception as unknown as ExceptionModule & { [PATCHED]?: boolean };
  if (exception[PATCHED]) return;
  const original = exception.create;
  exception.create = (code: number, path?: string): unknown => {
    try {
      return original(code, path);
    } catch {
      const name = nameOfCode(code);
      return Object.assign(Object.create(exception.prototype) as object, { code, name, path, message: `Exception: ${name}[${code}]` });
    }
  };
  exception[PATCHED] = true;
}

patchExceptionFactory();

export interface HardenedClient {
  readonly cm: LibConnectionManager;
  /** Cancels a pending spin timer. */
  cancelTimers(): void;
}

/** Creates a library client for `connectString` and hardens its connection manager. */
export function createHardenedClient(connectString: string, sessionTimeoutMs: number, hooks: HardenHooks): HardenedClient {
  const client = zookeeper.createClient(connectString, { sessionTimeout: sessionTimeoutMs, spinDelay: 1000, retries: 0 });
  const cm: unknown = (client as unknown as { connectionManager?: unknown }).connectionManager;
  assertShape(cm);
  installFrameHandler(cm, hooks);
  let spinTimer: NodeJS.Timeout | undefined;
  cm.findNextServer = (callback) => {
    if (hooks.isClosed() || cm.servers.length === 0) return;
    const fire = (): void => {
      spinTimer = undefined;
      if (hooks.isClosed()) return;
      cm.nextServerIndex %= cm.servers.length;
      const server = cm.servers[cm.nextServerIndex]!;
      cm.nextServerIndex += 1;
      hooks.onAttempt({ host: server.host, port: Number(server.port) });
      callback(server);
    };
    if (cm.serverAttempts >= cm.servers.length) {
      // Every server failed once: this attempt starts the next round, after a pause.
      cm.serverAttempts = 1;
      spinTimer = setTimeout(fire, hooks.nextSpinDelay());
    } else {
      cm.serverAttempts += 1;
      process.nextTick(fire);
    }
  };
  return {
    cm,
    cancelTimers: () => {
      if (spinTimer) clearTimeout(spinTimer);
      spinTimer = undefined;
      if (cm.connectTimeoutHandler) clearTimeout(cm.connectTimeoutHandler);
      cm.connectTimeoutHandler = null;
    },
  };
}
