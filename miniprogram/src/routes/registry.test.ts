import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appPages, pagePath, PAGES, pageUrl, SUBPACKAGES, TABS } from './registry';

const src = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

describe('the registry of pages', () => {
  it('gives app.json the main pages (home first) and one subpackage per root, every page a file that exists', () => {
    const { pages, subPackages } = appPages();
    expect(pages[0]).toBe('pages/home/index');
    for (const page of pages) expect(existsSync(path.join(src, `${page}.tsx`)), page).toBe(true);
    for (const sub of subPackages) {
      expect(Object.values(SUBPACKAGES)).toContain(sub.root);
      for (const page of sub.pages) expect(existsSync(path.join(src, sub.root, `${page}.tsx`)), `${sub.root}/${page}`).toBe(true);
    }
    expect(pages.length + subPackages.reduce((n, sub) => n + sub.pages.length, 0)).toBe(Object.keys(PAGES).length);
  });

  it('keeps the tabs in the main package, and every other page in a subpackage', () => {
    for (const [key, page] of Object.entries(PAGES)) {
      expect('tab' in page === !('subpackage' in page), key).toBe(true);
    }
    expect(TABS.map((tab) => tab.path)).toEqual(['/pages/home/index', '/pages/usage/index', '/pages/me/index', '/pages/manager/index']);
  });

  it('builds URLs from it, with the query encoded', () => {
    expect(pagePath('recharge')).toBe('/package-tenant/recharge/index');
    expect(pageUrl('recharge', { meterId: 'E 1&x' })).toBe('/package-tenant/recharge/index?meterId=E%201%26x');
    expect(pageUrl('home')).toBe('/pages/home/index');
  });

  it('is the only place a page path is written: no other source file names one', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !full.includes(`${path.sep}routes${path.sep}`)) {
          if (/['"`]\/?(pages|package-[a-z]+)\/[a-z-]+\/index/.test(readFileSync(full, 'utf8'))) offenders.push(path.relative(src, full));
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
