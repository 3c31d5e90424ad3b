// Spreadsheets for the member import: the CSV template, CSV text from
// rows, and rows from an .xlsx file (read-excel-file, loaded only when an
// .xlsx is chosen, so the page stays light for CSV users).

export const TEMPLATE_HEADER = ['姓名', '手机号', '界别', '专委会', '委员活动组'];

// One CSV line: every field quoted, quotes doubled.
function csvLine(cells) {
  return cells.map((c) => `"${String(c ?? '').replace(/"/g, '""')}"`).join(',');
}

export function rowsToCsv(rows) {
  return rows.map(csvLine).join('\r\n') + '\r\n';
}

// The template: the Chinese header and one example row. A byte-order mark
// makes Excel open it as UTF-8.
export function templateCsv() {
  return '\uFEFF' + rowsToCsv([TEMPLATE_HEADER, ['张三', '13900000000', '经济界', '经济委员会', '城关街道委员活动组']]);
}

// A cell as text: numbers (phones typed as numbers) without exponents,
// dates as YYYY-MM-DD.
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return String(v);
}

// The first sheet of an .xlsx file as CSV text.
export async function xlsxToCsv(file) {
  const { readSheet } = await import('read-excel-file/universal');
  const rows = await readSheet(file);
  return rowsToCsv(rows.map((r) => r.map(cellText)));
}
