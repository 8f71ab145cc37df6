import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { formatFenAsYuan } from '@prepaid/shared';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Cell, Sheet } from './sheets';

export interface Written {
  readonly rows: number;
  /** Sum of the sheet's total column, integer fen (0 without one). */
  readonly totalFen: number;
}

/** 1234 (Wh or L) → "1.234" (kWh or m³): integers only, like `formatFenAsYuan`. */
export function formatMilli(milli: number): string {
  if (!Number.isSafeInteger(milli)) throw new TypeError(`a quantity is a safe integer, got ${milli}`);
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  return `${sign}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Sums of the fen and quantity columns, in integers, for the totals row. */
function totals(sheet: Sheet) {
  const sums = sheet.columns.map(() => 0);
  return {
    add(row: readonly Cell[]) {
      row.forEach((cell, i) => {
        if (cell && typeof cell === 'object') sums[i]! += 'fen' in cell ? cell.fen : cell.milli;
      });
    },
    /** The totals row: "合计" and the sums of amount and quantity columns (not of balances: a sum of balances means nothing). */
    row(): Cell[] {
      return sheet.columns.map((column, i) => {
        if (i === 0) return '合计';
        if (column.type === 'fen') return column.header.startsWith('余额') ? null : { fen: sums[i]! };
        if (column.type === 'milli') return { milli: sums[i]! };
        return null;
      });
    },
    totalFen: () => (sheet.totalColumn === null ? 0 : sums[sheet.totalColumn]!),
  };
}

/** A CSV cell: yuan and kWh/m³ as exact decimal text from integers. */
const csvCell = (cell: Cell): string => (cell === null ? '' : typeof cell === 'string' ? cell : 'fen' in cell ? formatFenAsYuan(cell.fen) : formatMilli(cell.milli));

/**
 * Writes the sheet as CSV (UTF-8 with a BOM, which Excel needs to read
 * Chinese), a header row, the rows as they come and a totals row, into
 * `out`; waits whenever `out` is full, so memory stays flat. `out` is ended.
 */
export async function writeCsv(sheet: Sheet, out: Writable): Promise<Written> {
  const csv = stringify({ bom: true });
  csv.pipe(out);
  const sum = totals(sheet);
  let rows = 0;
  const write = async (cells: readonly string[]) => {
    if (!csv.write(cells)) await once(csv, 'drain');
  };
  await write(sheet.columns.map((column) => column.header));
  for await (const row of sheet.rows) {
    sum.add(row);
    await write(row.map(csvCell));
    rows += 1;
  }
  await write(sum.row().map(csvCell));
  csv.end();
  await once(out, 'finish');
  return { rows, totalFen: sum.totalFen() };
}

/**
 * An XLSX cell. Amounts are numbers (so Excel can add them) formatted 0.00:
 * the number is parsed from the exact two-decimal text made from integer
 * fen, and a double's shortest text is that same text, so the file's XML
 * holds exactly the yuan the ledger holds.
 */
const xlsxCell = (cell: Cell): string | number | null => (cell === null || typeof cell === 'string' ? cell : Number(csvCell(cell)));

/**
 * Writes the sheet as XLSX with ExcelJS's streaming writer (each row is
 * committed and leaves memory; no shared strings table, which would grow
 * with every distinct text) into `out`, waiting whenever `out` is full.
 * `out` is ended.
 */
export async function writeXlsx(sheet: Sheet, out: Writable): Promise<Written> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const worksheet = book.addWorksheet(sheet.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((column, i) => ({
    key: String(i),
    width: column.width,
    ...(column.type === 'fen' ? { style: { numFmt: '0.00' } } : column.type === 'milli' ? { style: { numFmt: '0.000' } } : {}),
  }));
  const header = worksheet.addRow(sheet.columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  const sum = totals(sheet);
  let rows = 0;
  for await (const row of sheet.rows) {
    sum.add(row);
    worksheet.addRow(row.map(xlsxCell)).commit();
    rows += 1;
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  const last = worksheet.addRow(sum.row().map(xlsxCell));
  last.font = { bold: true };
  last.commit();
  worksheet.commit();
  await book.commit();
  return { rows, totalFen: sum.totalFen() };
}
