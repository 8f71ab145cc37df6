import { describe, expect, it } from 'vitest';
import { commandExpiredFinding, rejectedFrameFinding } from './event-findings';
import { at } from './test-fixtures';

describe('commandExpiredFinding', () => {
  const createdAt = at('2026-03-15T09:00');

  it('makes an expired restore critical: a tenant who paid has no supply', () => {
    expect(commandExpiredFinding({ id: 'cmd-1', action: 'restore', createdAt }, 'electricity')).toEqual({
      kind: 'command_expired',
      severity: 'critical',
      message: '复电指令已过期，表计未执行',
      details: { commandId: 'cmd-1', action: 'restore', createdAt: '2026-03-15T01:00:00.000Z' },
    });
  });

  it('makes other expired commands warnings, in the words of the utility', () => {
    const cut = commandExpiredFinding({ id: 'cmd-2', action: 'cut', createdAt }, 'water');
    expect(cut).toMatchObject({ severity: 'warning', message: '关阀指令已过期，表计未执行' });
    expect(commandExpiredFinding({ id: 'cmd-3', action: 'keep_on', createdAt, attempts: 3 }, 'electricity')).toMatchObject({
      message: '保电指令已过期，表计未执行',
      details: { attempts: 3 },
    });
    expect(commandExpiredFinding({ id: 'cmd-4', action: 'keep_off', createdAt }, 'water').message).toBe('取消保持供水指令已过期，表计未执行');
  });

  it('refuses an invalid date or an unknown action', () => {
    expect(() => commandExpiredFinding({ id: 'x', action: 'cut', createdAt: new Date('nope') }, 'water')).toThrow(RangeError);
    const bogus = { id: 'x', action: 'explode', createdAt } as unknown as Parameters<typeof commandExpiredFinding>[0];
    expect(() => commandExpiredFinding(bogus, 'water')).toThrow(RangeError);
  });
});

describe('rejectedFrameFinding', () => {
  it('treats a garbled frame as information, with or without the codec. prefix', () => {
    const receivedAt = at('2026-03-15T09:30');
    expect(rejectedFrameFinding('codec.bad_checksum', { at: receivedAt, platform: 'ctwing' })).toEqual({
      kind: 'rejected_frame',
      severity: 'info',
      message: '上报数据被拒收：校验和错误',
      details: { reason: 'bad_checksum', at: '2026-03-15T01:30:00.000Z', platform: 'ctwing' },
    });
    expect(rejectedFrameFinding('truncated')).toMatchObject({ severity: 'info', details: { reason: 'truncated' } });
  });

  it('warns of frames that point at a wrong or tampered meter', () => {
    expect(rejectedFrameFinding('address_mismatch')).toMatchObject({ severity: 'warning', message: '上报数据被拒收：表地址不符' });
    expect(rejectedFrameFinding('implausible_jump')).toMatchObject({ severity: 'warning', message: '上报数据被拒收：读数异常跳变' });
    expect(rejectedFrameFinding('negative').severity).toBe('warning');
  });

  it('shows an unknown reason cleaned and cut short, never a prototype property', () => {
    const long = rejectedFrameFinding(`weird\u0000\n${'x'.repeat(100)}`);
    expect(long.details.reason).toBe(`weird${'x'.repeat(55)}`);
    expect(long.message).toBe(`上报数据被拒收：weird${'x'.repeat(55)}`);
    expect(rejectedFrameFinding('constructor').message).toBe('上报数据被拒收：constructor');
    expect(rejectedFrameFinding('  ').details).toEqual({ reason: 'unknown' });
    expect(rejectedFrameFinding('bad_end', { at: new Date('nope') }).details).toEqual({ reason: 'bad_end' });
    const detail = rejectedFrameFinding('invalid_bcd', { detail: `nibble\r\n${'y'.repeat(300)}` }).details.detail;
    expect(detail).toBe(`nibble${'y'.repeat(194)}`);
  });
});
