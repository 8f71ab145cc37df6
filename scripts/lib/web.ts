import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import sirv from 'sirv';

export interface WebServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves the mini-program's H5 build and forwards `/v1/*` to the API (and,
 * when given, `/sandbox/*` to the WeChat Pay sandbox), so the page calls both
 * on its own origin: no CORS, and the build needs no URLs baked in.
 */
export async function startWebServer(options: { port: number; root: string; apiUrl: string; sandboxUrl?: string }): Promise<WebServer> {
  const serveStatic = sirv(options.root, { dev: true, single: true, etag: true });
  const upstreams: [string, URL][] = [['/v1/', new URL(options.apiUrl)]];
  if (options.sandboxUrl) upstreams.push(['/sandbox/', new URL(options.sandboxUrl)]);
  const server: Server = createServer((req, res) => {
    const upstream = upstreams.find(([prefix]) => req.url?.startsWith(prefix))?.[1];
    if (upstream) {
      forward(req, res, upstream);
      return;
    }
    serveStatic(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
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

function forward(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
  const proxied = httpRequest(
    { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  proxied.on('error', () => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'upstream.unreachable', message: `${upstream.host} is not answering` } }));
  });
  req.pipe(proxied);
}
