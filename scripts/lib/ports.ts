import { createServer } from 'node:net';

/** Ports this process handed out: the OS may offer one again until whoever was given it starts listening. */
const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1, chosen by the OS, never one this process
 * already handed out (a stack asks for several before any is bound: without
 * this, the API and its Lambda port could be given the same one).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await osFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function osFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Fails fast with a clear message when a port we were told to use is taken. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`Port ${port} (${what}) is already in use; set another one.`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
