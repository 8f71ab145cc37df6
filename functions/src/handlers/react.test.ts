import { beforeEach, describe, expect, it, vi } from 'vitest';

const react = vi.fn(async () => undefined);
vi.mock('../services/react', () => ({ react }));
vi.mock('../deps', () => ({ containerDeps: async () => ({ log: { error: vi.fn() } }) }));

const { handler } = await import('./react');

const notice = { kind: 'recharge_credited', dedupe: 'recharge_credited:e1', facts: { at: '2026-12-02T00:00:00.000Z', amountFen: 5000, balanceFen: 4948 } };

beforeEach(() => react.mockClear());

describe('the react function takes the jobs the posting paths hand over', () => {
  it('passes the notices of an after-posting job on, and a notify job', async () => {
    expect(await handler({ kind: 'after-posting', meterId: 'W-1', balanceFen: 4948, notices: [notice] })).toEqual({ done: true });
    expect(react).toHaveBeenLastCalledWith(expect.anything(), { kind: 'after-posting', meterId: 'W-1', balanceFen: 4948, notices: [notice] });
    expect(await handler({ kind: 'notify', meterId: 'W-1', notices: [notice] })).toEqual({ done: true });
    expect(react).toHaveBeenLastCalledWith(expect.anything(), { kind: 'notify', meterId: 'W-1', notices: [notice] });
  });

  it('drops a malformed job', async () => {
    expect(await handler({ kind: 'notify', meterId: 'W-1', notices: [] })).toEqual({ done: false });
    expect(await handler({ kind: 'notify', meterId: 'W-1', notices: [{ ...notice, kind: 'gossip' }] })).toEqual({ done: false });
    expect(react).not.toHaveBeenCalled();
  });
});
