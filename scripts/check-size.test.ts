import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weappPackageSizes } from './check-size';

function build(files: Record<string, number>, subPackages: string[]): string {
  const dist = mkdtempSync(path.join(tmpdir(), 'weapp-'));
  writeFileSync(path.join(dist, 'app.json'), JSON.stringify({ pages: ['pages/home/index'], subPackages: subPackages.map((root) => ({ root, pages: ['x/index'] })) }));
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    writeFileSync(path.join(dist, file), Buffer.alloc(bytes));
  }
  return dist;
}

describe('the weapp size check', () => {
  it('counts subpackages apart from the main package, and passes under the limits', () => {
    const sizes = weappPackageSizes(build({ 'taro.js': 600_000, 'package-usage/vendors.js': 900_000 }, ['package-usage']));
    expect(sizes.subpackages).toEqual([{ root: 'package-usage', bytes: 900_000 }]);
    expect(sizes.main).toBeLessThan(610_000);
    expect(sizes.over).toEqual([]);
  });

  it('fails a main package over 1 MB, and a subpackage over 2 MB', () => {
    expect(weappPackageSizes(build({ 'taro.js': 1_100_000 }, [])).over).toEqual(['main package 1074 KB, over 1024 KB']);
    expect(weappPackageSizes(build({ 'package-usage/echarts.js': 2_200_000 }, ['package-usage'])).over).toEqual(['subpackage package-usage 2148 KB, over 2048 KB']);
  });
});
