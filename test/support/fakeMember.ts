import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/*
 * A loopback stand-in for one ZooKeeper member that answers four-letter words with text the test
 * chooses: how the e2e layer makes a "server" say hostile things (tags, scripts, markdown links)
 * that a real ZooKeeper never would.
 */

export interface FakeMember {
  readonly port: number;
  /** What `srvr`'s Mode line says from now on. */
  mode: string;
  close(): Promise<void>;
}

export async function startFakeMember(version: string): Promise<FakeMember> {
  const sockets = new Set<net.Socket>();
  const state = { mode: 'standalone' };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (buffer.length < 4) return;
      const word = buffer.slice(0, 4);
      let reply = '';
      if (word === 'srvr') {
        reply =
          `Zookeeper version: ${version}\nLatency min/avg/max: 0/0.5/1\nReceived: 10\nSent: 10\n` +
          `Connections: 1\nOutstanding: 0\nZxid: 0x10\nMode: ${state.mode}\nNode count: 5\n`;
      } else if (word === 'mntr') {
        reply =
          `zk_version\t${version}\nzk_server_state\t${state.mode}\nzk_avg_latency\t0.5\nzk_max_latency\t1\n` +
          `zk_znode_count\t5\nzk_num_alive_connections\t1\nzk_uptime\t100000\n`;
      }
      socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get mode() {
      return state.mode;
    },
    set mode(value: string) {
      state.mode = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
