import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser build, read once and run inside the page (it has no Node API of its own). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  /** The first elements that break the rule, as selectors with axe's summary of why. */
  readonly nodes: readonly string[];
}

/**
 * Audits the visible page with axe-core against WCAG 2.2 A and AA: names and
 * labels of controls, text contrast (4.5:1, 3:1 for large text), tap target
 * size, roles. The H5 build keeps the pages it opened in the document,
 * hidden: axe skips what is not displayed, so only the current page counts.
 *
 * One rule is left out: `scrollable-region-focusable`. It asks for keyboard
 * focus in Taro's own scrolling page wrapper, whose buttons are custom
 * elements (`taro-button-core`) that Taro does not make focusable; the
 * mini-program is used by touch in WeChat, where no keyboard exists.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const json = await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'], rules: { 'scrollable-region-focusable': { enabled: false } } });
    return JSON.stringify(result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200)),
    })));
  })()`);
  return JSON.parse(String(json)) as AxeViolation[];
}

/**
 * Screenshots of a browser walk, each audited: `shot` waits for the H5 page
 * transition (a slide of about 300 ms) to settle, writes the screenshot and
 * records what axe-core found on the page by its name; `audits` holds them,
 * for the walk to assert empty at its end (every problem reported at once).
 */
export function auditedScreenshots(screenshotPath: (name: string) => string) {
  const audits: Record<string, AxeViolation[]> = {};
  const shot = async (page: Page, name: string): Promise<void> => {
    await page.waitForTimeout(600);
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
    const violations = await accessibilityViolations(page);
    if (violations.length > 0) audits[name] = violations;
  };
  return { audits, shot };
}
