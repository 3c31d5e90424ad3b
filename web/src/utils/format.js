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
