import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { Cell, Sheet } from './sheets';
import { formatMilli, writeCsv, writeXlsx } from './writers';

const sheet = (rows: (readonly Cell[])[]): Sheet => ({
  title: '流水',
  columns: [
    { header: '时间', type: 'text', width: 10 },
    { header: '金额（元）', type: 'fen', width: 10 },
    { header: '余额（元）', type: 'fen', width: 10 },
    { header: '用量', type: 'milli', width: 10 },
  ],
  totalColumn: 1,
  rows: (async function* () {
    yield* rows;
  })(),
});

async function collect(write: (out: PassThrough) => Promise<{ rows: number; totalFen: number }>) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const written = await write(out);
  return { written, bytes: Buffer.concat(chunks) };
}

const rows = [
  ['2026-12-01 08:00:00', { fen: 1_005 }, { fen: 1_005 }, null],
  ['2026-12-01 09:00:00, "早"', { fen: -7 }, { fen: 998 }, { milli: 1_234 }],
] as const;

describe('export writers', () => {
  it('writes quantities with three decimals from integers', () => {
    expect(formatMilli(1_234)).toBe('1.234');
    expect(formatMilli(-5)).toBe('-0.005');
    expect(() => formatMilli(0.5)).toThrow(TypeError);
  });

  it('writes CSV with a BOM, quoted text, yuan from fen and a totals row (balances not summed)', async () => {
    const { written, bytes } = await collect((out) => writeCsv(sheet([...rows]), out));
    expect(written).toEqual({ rows: 2, totalFen: 998 });
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8').slice(1).split('\n')).toEqual([
      '时间,金额（元）,余额（元）,用量',
      '2026-12-01 08:00:00,10.05,10.05,',
      '"2026-12-01 09:00:00, ""早""",-0.07,9.98,1.234',
      '合计,9.98,,1.234',
      '',
    ]);
  });

  it('writes an XLSX that a real reader opens: numbers formatted as yuan, the same cells as the CSV', async () => {
    const { written, bytes } = await collect((out) => writeXlsx(sheet([...rows]), out));
    expect(written).toEqual({ rows: 2, totalFen: 998 });
    const book = XLSX.read(bytes, { type: 'buffer' });
    const cells = XLSX.utils.sheet_to_json<string[]>(book.Sheets['流水']!, { header: 1, raw: false, defval: '' });
    expect(cells).toEqual([
      ['时间', '金额（元）', '余额（元）', '用量'],
      ['2026-12-01 08:00:00', '10.05', '10.05', ''],
      ['2026-12-01 09:00:00, "早"', '-0.07', '9.98', '1.234'],
      ['合计', '9.98', '', '1.234'],
    ]);
    expect(book.Sheets['流水']!.B2).toMatchObject({ t: 'n', v: 10.05 });
  });
});
