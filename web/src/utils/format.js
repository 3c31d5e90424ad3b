// Dates and times are always shown in Asia/Shanghai, whatever the
// browser's own time zone, in the user's language.
import { i18n } from '../i18n/index.js';

export const TIME_ZONE = 'Asia/Shanghai';

function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(value, locale = i18n.global.locale.value) {
  const d = toDate(value);
  if (!d) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d);
}

export function formatDate(value, locale = i18n.global.locale.value) {
  const d = toDate(value);
  if (!d) return '';
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long',
  }).format(d);
}

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
