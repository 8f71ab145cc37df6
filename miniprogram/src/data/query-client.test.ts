import Taro from '@tarojs/taro';
import { focusManager, onlineManager } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { wireQueryEvents } from './query-client';

describe('wireQueryEvents', () => {
  it('takes focus from the app being shown or hidden, and online from the network status', () => {
    const shown: (() => void)[] = [];
    const hidden: (() => void)[] = [];
    const network: ((result: { isConnected: boolean }) => void)[] = [];
    vi.spyOn(Taro, 'onAppShow').mockImplementation(((callback: () => void) => void shown.push(callback)) as never);
    vi.spyOn(Taro, 'onAppHide').mockImplementation(((callback: () => void) => void hidden.push(callback)) as never);
    vi.spyOn(Taro, 'onNetworkStatusChange').mockImplementation(((callback: (result: { isConnected: boolean }) => void) => void network.push(callback)) as never);
    wireQueryEvents();
    hidden.forEach((callback) => callback());
    expect(focusManager.isFocused()).toBe(false);
    shown.forEach((callback) => callback());
    expect(focusManager.isFocused()).toBe(true);
    network.forEach((callback) => callback({ isConnected: false }));
    expect(onlineManager.isOnline()).toBe(false);
    network.forEach((callback) => callback({ isConnected: true }));
    expect(onlineManager.isOnline()).toBe(true);
  });
});
