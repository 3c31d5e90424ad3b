// The message catalogues and the language switch. Simplified Chinese is the
// default; the choice persists in localStorage and in the "lang" cookie,
// which the server reads to answer errors in the same language.
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.json';
import en from './en.json';

export const LOCALES = ['zh-CN', 'en'];
export const DEFAULT_LOCALE = 'zh-CN';
const STORAGE_KEY = 'xieshang.lang';

function storedLocale() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (LOCALES.includes(v)) return v;
  } catch {
    /* storage may be disabled (private mode): fall through */
  }
  const m = document.cookie.match(/(?:^|;\s*)lang=([^;]*)/);
  if (m && LOCALES.includes(decodeURIComponent(m[1]))) return decodeURIComponent(m[1]);
  return DEFAULT_LOCALE;
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
});

// Switch the language: messages, <html lang>, the title, localStorage and
// the cookie (a year, whole site).
export function setLocale(locale) {
  if (!LOCALES.includes(locale)) locale = DEFAULT_LOCALE;
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* the cookie still carries it */
  }
  document.cookie = `lang=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

// Apply the stored choice at start; always (re)writes the cookie so that
// the server never falls back to the browser's Accept-Language.
export function initLocale() {
  setLocale(storedLocale());
}
