// Calendar days in Beijing time as epoch milliseconds, for date filters.
// Kept apart from format.js (which needs the i18n instance) so that it can
// be tested without a browser.
// The epoch milliseconds at which a calendar day ("2026-03-15") begins in
// Beijing (UTC+8 all year: China has no daylight saving time), or null.
// A date range [from, to] in the interface becomes [start of from, start
// of the day after to) for the API.
export function shanghaiDayStart(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - 8 * 3600 * 1000;
}

export function shanghaiDayEnd(ymd) {
  const start = shanghaiDayStart(ymd);
  return start === null ? null : start + 24 * 3600 * 1000;
}
