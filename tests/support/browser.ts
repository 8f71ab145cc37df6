import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureChromium } from '../../scripts/ensure-chromium';

/**
 * Debian's Chromium (`apt-get install chromium`, done by `ensureChromium`
 * when missing) driven by playwright-core: `npx playwright install` cannot
 * download browsers here. The flags keep it
 * from calling out to Google's hosts, which this network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where screenshots go, for a person to look at after a run. */
export function screenshotPath(name: string): string {
  const dir = path.resolve('test-results');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

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
