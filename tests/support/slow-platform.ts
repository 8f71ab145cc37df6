import { createServer, type Server } from 'node:http';

/**
 * The device platform the integration API sends commands to (its
 * SIMULATOR_URL): a device whose id starts with `slow-` answers only after
 * `slowMs` (an NB-IoT meter asleep behind a slow platform); a device routed
 * with `POST /routes {deviceId, url}` has its commands forwarded to that
 * meter simulator; every other device is refused at once, so its commands
 * stay queued as with no platform at all. `GET /received` lists what reached it.
 */
export async function startSlowPlatform(slowMs: number): Promise<{ url: string; stop(): Promise<void> }> {
  const received: { deviceId: string; commandId: string; payloadHex: string; at: string }[] = [];
  const routes = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/received') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: received }));
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/routes') {
        const route = JSON.parse(body) as { deviceId: string; url: string };
        routes.set(route.deviceId, route.url);
        res.writeHead(204).end();
        return;
      }
      const command = JSON.parse(body || '{}') as { deviceId?: string; commandId?: string; payloadHex?: string };
      const forwardTo = command.deviceId ? routes.get(command.deviceId) : undefined;
      if (forwardTo) {
        fetch(`${forwardTo}/commands`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()))
          .catch(() => res.writeHead(502).end('simulator unreachable'));
        return;
      }
      if (!command.deviceId?.startsWith('slow-')) {
        res.writeHead(503).end('device offline');
        return;
      }
      received.push({ deviceId: command.deviceId, commandId: command.commandId ?? '', payloadHex: command.payloadHex ?? '', at: new Date().toISOString() });
      setTimeout(() => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ taskId: `slow-${received.length}` })), slowMs).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, stop: () => new Promise<void>((resolve) => server.closeAllConnections() ?? server.close(() => resolve())) };
}
