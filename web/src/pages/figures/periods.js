// Reporting periods in Beijing time for the figures page: this month,
// this quarter and this year as calendar days ("YYYY-MM-DD", first and
// last day), and the figures as spreadsheet rows. Pure functions, so they
// can be tested without a browser.

// The calendar date in Beijing (UTC+8 all year) of an instant.
function beijingParts(now) {
  const d = new Date(now + 8 * 3600 * 1000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

const ymd = (y, m, day) => `${y}-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const lastDay = (y, m) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

// [first, last] day of the preset ('month' | 'quarter' | 'year') that
// contains the instant now (epoch ms), in Beijing.
export function presetRange(preset, now = Date.now()) {
  const { y, m } = beijingParts(now);
  if (preset === 'month') return [ymd(y, m, 1), ymd(y, m, lastDay(y, m))];
  if (preset === 'quarter') {
    const first = m - (m % 3);
    return [ymd(y, first, 1), ymd(y, first + 2, lastDay(y, first + 2))];
  }
  if (preset === 'year') return [ymd(y, 0, 1), ymd(y, 11, 31)];
  throw new Error(`unknown period preset ${preset}`);
}

// The figures (GET /figures/topics) as rows of [label, value] for a
// spreadsheet, labels through label(kind, key): kind is 'total' for the
// named figures, 'source' and 'rejectReason' for the breakdowns.
export function figureRows(figures, label) {
  const rows = [];
  const add = (kind, key, value) => rows.push([label(kind, key), value ?? 0]);
  add('total', 'raised', figures.raised);
  for (const [k, v] of Object.entries(figures.by_source || {})) add('source', k, v);
  for (const k of ['accepted', 'merged', 'transferred', 'rejected']) add('total', k, figures[k]);
  for (const [k, v] of Object.entries(figures.by_reject_reason || {})) add('rejectReason', k, v);
  add('total', 'approved', figures.approved);
  const days = figures.avg_days_to_screen;
  add('total', 'avgDaysToScreen', days === null || days === undefined ? '' : Number(days).toFixed(1));
  return rows;
}
