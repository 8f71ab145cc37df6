import { fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aMeter } from '../../test/meters';
import { MeterCard } from './meter-card';

const renderCard = (...overrides: Parameters<typeof aMeter>) => {
  const meter = aMeter(...overrides);
  const { container } = render(<MeterCard meter={meter} />);
  const card = container.querySelector(`#meter-${meter.id}`);
  if (card === null) throw new Error(`no #meter-${meter.id}`);
  return card;
};

const textOf = (card: Element, selector: string): string | null | undefined =>
  card.querySelector(selector)?.textContent;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MeterCard', () => {
  it('shows the balance in yuan from integer fen', () => {
    expect(textOf(renderCard({ balanceFen: 12345 }), '.meter-balance')).toBe('¥123.45');
    expect(textOf(renderCard({ id: 'E-2', balanceFen: 7 }), '.meter-balance')).toBe('¥0.07');
  });

  it('flags a balance at or below zero', () => {
    const card = renderCard({ balanceFen: -250 });

    expect(textOf(card, '.meter-balance')).toBe('-¥2.50');
    expect(card.querySelector('.meter-balance')?.className).toContain('is-low');
  });

  it('describes an electricity meter: utility, room, supply and online state', () => {
    const card = renderCard({ utility: 'electricity', supply: 'on', online: true, building: '3号楼', room: '502' });

    expect(textOf(card, '.meter-utility')).toBe('电');
    expect(textOf(card, '.meter-room')).toBe('3号楼 · 502');
    expect(textOf(card, '.meter-supply')).toBe('供电中');
    expect(textOf(card, '.meter-online')).toBe('在线');
  });

  it('names the building as people call it when its name is known, not by its id', () => {
    const card = renderCard({ building: 'bldg-a', buildingName: '幸福里公租房 A 栋', room: 'A-201' });
    expect(textOf(card, '.meter-room')).toBe('幸福里公租房 A 栋 · A-201');
  });

  it('describes a closed, offline water meter without a room', () => {
    const card = renderCard({ id: 'W-1', utility: 'water', supply: 'off', online: false, building: null, room: null });

    expect(textOf(card, '.meter-utility')).toBe('水');
    expect(textOf(card, '.meter-supply')).toBe('已关阀');
    expect(textOf(card, '.meter-online')).toBe('离线');
    expect(textOf(card, '.meter-room')).toBe('未登记房间');
  });

  it('says 已断电 when electricity is cut, and that a recharge brings it back', () => {
    const card = renderCard({ supply: 'off', balanceFen: -30 });
    expect(textOf(card, '.meter-supply')).toBe('已断电');
    expect(textOf(card, '.meter-notice')).toBe('已断电，充值到余额大于零后自动恢复供电');
    expect(card.querySelector('.meter-notice')?.className).toContain('is-danger');
  });

  it('says how many days the balance lasts, and warns of a low balance', () => {
    const card = renderCard({ balanceFen: 1_500, lowBalanceFen: 2_000, daysLeft: 3 });
    expect(textOf(card, '.meter-days-left')).toBe('约可用 3 天');
    expect(textOf(card, '.meter-notice')).toBe('余额不足 ¥20.00，请及时充值');
    expect(card.querySelector('.meter-balance')?.className).toContain('is-low');
  });

  it('shows no notice when all is well, and the last reading with its time', () => {
    const card = renderCard({ balanceFen: 12_345, lowBalanceFen: 2_000 });
    expect(card.querySelector('.meter-notice')).toBeNull();
    expect(textOf(card, '.meter-last-reading')).toBe('最近读数 1234.56 kWh · 2025-11-20 08:30');
  });

  it('opens the recharge page of its meter from the 充值 button', () => {
    const navigateTo = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const card = renderCard({ id: 'W-7' });
    const button = card.querySelector('#recharge-W-7');

    expect(button?.textContent).toBe('充值');
    fireEvent.click(button as Element);

    expect(navigateTo).toHaveBeenCalledWith({ url: '/package-tenant/recharge/index?meterId=W-7' });
  });
});
