/**
 * The simulator's HTTP face, as the API's `simulatorDownlink` and curious
 * humans see it: `POST /commands`, `GET /state`, and outage switches.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { CommandFrameError } from './frames';
import type { SimulatorStateView } from './types';

export const CommandRequest = z.object({
  deviceId: z.string().min(1),
  commandId: z.string().min(1),
  payloadHex: z.string().regex(/^([0-9A-Fa-f]{2})+$/, 'hex bytes'),
});
export type CommandRequest = z.infer<typeof CommandRequest>;

const OfflineRequest = z.object({ simHours: z.number().positive().optional() }).default({});

/** What the routes call into. Each may throw a {@link SimulatorHttpError} or a {@link CommandFrameError}. */
export interface SimulatorHandlers {
  command(request: CommandRequest): { taskId: string };
  state(): SimulatorStateView;
  setOffline(meterId: string, simHours?: number): void;
  setOnline(meterId: string): void;
}

/** An answer other than 2xx, with the API's error shape. */
export class SimulatorHttpError extends Error {
  override readonly name = 'SimulatorHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 64 * 1024;

export function createSimulatorServer(handlers: SimulatorHandlers, log: (line: string) => void): Server {
  return createServer((req, res) => {
    route(req, handlers)
      .then(({ status, body }) => answer(res, status, body))
      .catch((error: unknown) => {
        if (error instanceof SimulatorHttpError) return answer(res, error.status, { error: { code: error.code, message: error.message } });
        if (error instanceof CommandFrameError) return answer(res, 400, { error: { code: error.code, message: error.message } });
        if (error instanceof z.ZodError) return answer(res, 400, { error: { code: 'simulator.bad_request', message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
        log(`HTTP ${req.method} ${req.url} failed: ${(error as Error).message}`);
        return answer(res, 500, { error: { code: 'simulator.internal', message: 'The simulator failed; see its log' } });
      });
  });
}

async function route(req: IncomingMessage, handlers: SimulatorHandlers): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  if (req.method === 'POST' && url.pathname === '/commands') {
    return { status: 202, body: handlers.command(CommandRequest.parse(await readJson(req))) };
  }
  if (req.method === 'GET' && (url.pathname === '/state' || url.pathname === '/')) return { status: 200, body: handlers.state() };
  const presence = /^\/meters\/([^/]+)\/(offline|online)$/.exec(url.pathname);
  if (req.method === 'POST' && presence) {
    const meterId = decodeURIComponent(presence[1] ?? '');
    if (presence[2] === 'offline') handlers.setOffline(meterId, OfflineRequest.parse(await readJson(req, true)).simHours);
    else handlers.setOnline(meterId);
    return { status: 200, body: handlers.state().meters.find((meter) => meter.meterId === meterId) };
  }
  throw new SimulatorHttpError(404, 'simulator.not_found', `No route ${req.method} ${url.pathname}`);
}

async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SimulatorHttpError(413, 'simulator.too_large', 'The body is over 64 KiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (optional && text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SimulatorHttpError(400, 'simulator.bad_json', 'The body is not JSON');
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
