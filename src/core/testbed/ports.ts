import * as net from 'node:net';

/** Port numbers this process already handed out, so two calls never return the same one. */
const handedOut = new Set<number>();

function onePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Picks `count` distinct free TCP ports on 127.0.0.1 by letting the kernel choose. The ports are
 * free when returned; a race with another process is possible but rare with ephemeral ports.
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempts = 0; ports.length < count && attempts < count * 20; attempts++) {
    const port = await onePort();
    if (port > 0 && !handedOut.has(port)) {
      handedOut.add(port);
      ports.push(port);
    }
  }
  if (ports.length < count) throw new Error(`could not find ${count} free ports on 127.0.0.1`);
  return ports;
}

/** Whether nothing listens on `port` of 127.0.0.1 now (a listen attempt that is closed at once). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
