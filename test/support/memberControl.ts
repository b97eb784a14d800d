/**
 * A member control for tests: a loopback HTTP server in the test process that starts, stops and
 * restarts testbed members, so the processes stay the testbed's own (tracked by pid, killed on
 * close). Commands reach it through controlClient.cjs, so the product runs real shell commands
 * and reads their exit codes.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Testbed } from '../../src/core/testbed/testbed';

export interface ControlCall {
  readonly action: string;
  readonly id: number;
  readonly at: number;
  readonly ok: boolean;
}

export interface ControlServer {
  /** `node …/controlClient.cjs <port> {action} {id}`, or with a fixed action (`kill`: SIGKILL, for tests to inject the fault). */
  template(action?: 'start' | 'stop' | 'restart' | 'kill'): string;
  /** `http://127.0.0.1:<port>`; `GET /calls` answers the calls so far as JSON (for tests in another process). */
  readonly url: string;
  readonly calls: ControlCall[];
  /** Member ids whose commands fail (exit 1) without doing anything. */
  readonly failFor: Set<number>;
  /** Called when an action on a member begins (before it is done). */
  onBegin?: (action: string, id: number) => void;
  close(): Promise<void>;
}

const CLIENT = path.join(__dirname, 'controlClient.cjs');

export async function startControlServer(bed: Testbed): Promise<ControlServer> {
  const calls: ControlCall[] = [];
  const failFor = new Set<number>();
  const control: ControlServer = {
    template: (action) => `${process.execPath} ${CLIENT} ${port} ${action ?? '{action}'} {id}`,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    calls,
    failFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const act = async (action: string, id: number): Promise<void> => {
    if (action === 'restart') {
      await bed.kill(id);
      bed.startMember(id);
    } else if (action === 'start') {
      if (!bed.isRunning(id)) bed.startMember(id);
    } else if (action === 'stop') {
      await bed.stopMember(id);
    } else if (action === 'kill') {
      await bed.kill(id);
    } else {
      throw new Error(`unknown action ${action}`);
    }
  };
  const server = http.createServer((req, res) => {
    if (req.url === '/calls') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(calls));
      return;
    }
    const [, action = '', idText = ''] = (req.url ?? '').split('/');
    const id = Number(idText);
    const reply = (ok: boolean, text: string): void => {
      calls.push({ action, id, at: Date.now(), ok });
      res.writeHead(ok ? 200 : 500).end(text);
    };
    if (failFor.has(id)) return reply(false, `member ${id}: refused by the test`);
    control.onBegin?.(action, id);
    act(action, id).then(
      () => reply(true, `member ${id}: ${action} done`),
      (err: unknown) => reply(false, String(err)),
    );
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return control;
}
