import { expect } from 'vitest';
import { flowReportFrame, paddedAddress } from '../../scripts/simulator/frames';
import { pushRequest } from '../../scripts/simulator/platform-pushes';
import type { SimMeter } from '../../scripts/simulator';
import { call } from './http';

/** What a demo water meter itself reports through OneNET, as the simulator would: its register (unchanged) and its valve. */
export async function waterMeterReports(api: string, admin: string, meter: SimMeter, valve: 'on' | 'off'): Promise<void> {
  const view = (await call(api, `/v1/meters/${meter.meterId}`, { token: admin })).body as { lastReading: { value: number } | null };
  const atMs = Date.now();
  const request = pushRequest(meter, { kind: 'data', atMs, bytes: flowReportFrame(paddedAddress(meter), view.lastReading?.value ?? 0, valve, atMs), what: 'flow' }, { ctwingToken: 'local-ctwing-token', onenetToken: 'local-onenet-token' }, 1);
  const answer = await fetch(`${api}${request.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
  expect(answer.status).toBe(200);
}
