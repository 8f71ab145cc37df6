import { createServer, request as httpRequest, type Server } from 'node:http';
import sirv from 'sirv';

export interface WebServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves the mini-program's H5 build and forwards `/v1/*` to the API, so the
 * page calls the API on its own origin (no CORS, and the build needs no API URL).
 */
export async function startWebServer(options: { port: number; root: string; apiUrl: string }): Promise<WebServer> {
  const serveStatic = sirv(options.root, { dev: true, single: true, etag: true });
  const api = new URL(options.apiUrl);
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith('/v1/')) {
      serveStatic(req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      });
      return;
    }
    const upstream = httpRequest(
      { hostname: api.hostname, port: api.port, path: req.url, method: req.method, headers: { ...req.headers, host: api.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'api.unreachable', message: 'The local API is not answering' } }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
