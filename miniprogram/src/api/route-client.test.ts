import type { MeterView } from '@prepaid/shared';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fakeApi, ok } from '../test/fake-api';
import { aMeter } from '../test/meters';
import { callRoute, type RouteAnswer } from './route-client';

afterEach(() => vi.restoreAllMocks());

describe('callRoute', () => {
  it("takes its types from the server's route table", () => {
    expectTypeOf<RouteAnswer<'GET /v1/meters/{meterId}'>>().toEqualTypeOf<MeterView>();
    const never = () => {
      // @ts-expect-error a meter's route needs its meterId
      void callRoute('GET /v1/meters/{meterId}', {});
      // @ts-expect-error the amount is integer fen, a number
      void callRoute('POST /v1/recharges', { body: { meterId: 'E-1', amountFen: '100' } });
      // @ts-expect-error no such route
      void callRoute('GET /v1/nowhere', {});
    };
    expect(typeof never).toBe('function');
  });

  it('fills the path with encoded params and adds the defined query fields', async () => {
    const meter = aMeter({ id: 'E 1/2' });
    const { seen } = fakeApi({
      'GET /v1/meters/E%201%2F2': () => ok(meter),
      'GET /v1/meters/E-1/readings?limit=5': () => ok({ items: [], next: null }),
    });
    expect(await callRoute('GET /v1/meters/{meterId}', { params: { meterId: 'E 1/2' } })).toEqual(meter);
    expect(await callRoute('GET /v1/meters/{meterId}/readings', { params: { meterId: 'E-1' }, query: { limit: 5, cursor: undefined } })).toEqual({ items: [], next: null });
    expect(seen.map((request) => request.url)).toHaveLength(2);
  });
});
