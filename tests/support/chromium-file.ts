import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';

/**
 * One Chromium for the test file, launched before its tests and closed after
 * them; `page()` opens a phone-sized page (390 × 844, Chinese) in a context of its own.
 */
export function chromiumForFile(): { browser: () => Browser; page: () => Promise<Page> } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const get = () => {
    if (!browser) throw new Error('Chromium is not running: chromiumForFile() must be called at the top of a test file');
    return browser;
  };
  return { browser: get, page: async () => (await get().newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage() };
}
