import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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

