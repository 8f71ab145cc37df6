import { describe, expect, it } from 'vitest';
import { findChromium, plan } from './ensure-chromium';

describe('ensure-chromium', () => {
  it('does nothing when Chromium is there', () => {
    expect(plan({ found: '/usr/bin/chromium', root: false, apt: true })).toEqual({ action: 'none' });
  });

  it('installs it as root with apt-get, and otherwise stops with the exact command', () => {
    expect(plan({ found: null, root: true, apt: true })).toEqual({ action: 'install' });
    const stop = plan({ found: null, root: false, apt: true });
    expect(stop).toMatchObject({ action: 'stop' });
    expect(stop.action === 'stop' && stop.message).toContain('sudo apt-get update && sudo apt-get install -y chromium');
    expect(plan({ found: null, root: true, apt: false })).toMatchObject({ action: 'stop', message: expect.stringContaining('CHROMIUM_PATH') });
  });

  it('takes CHROMIUM_PATH when it exists, and ignores one that does not', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
    expect(findChromium({ CHROMIUM_PATH: '/nowhere/chromium' })).toBe(findChromium({}));
  });
});
