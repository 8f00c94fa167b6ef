// The page's language: Chinese by default, English on request, remembered in localStorage.
// Texts live in ../i18n/<lang>.json as flat "dotted.key": "text with {placeholders}".

const STORAGE_KEY = 'gridwatch.lang';
export const LANGUAGES = ['zh-CN', 'en'];

let dictionary = {};

/** Feature dictionaries under i18n/<part>/; the main i18n/<lang>.json holds the rest. */
const DICTIONARY_PARTS = ['cases', 'caseui', 'evaluation', 'public', 'outline', 'density', 'admin', 'workspace', 'routeui', 'mapread', 'streetimport'];
let language = 'zh-CN';

/** The language the user chose last time, or Chinese. */
export function storedLanguage() {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(stored) ? stored : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function currentLanguage() {
  return language;
}

/** Loads the dictionary of the stored language; call once before anything is drawn. */
export async function loadLanguage() {
  language = storedLanguage();
  // One dictionary per feature (i18n/<part>/<lang>.json) beside the main one, so features add
  // texts without editing a shared file; a part that is missing is skipped.
  const files = ['', ...DICTIONARY_PARTS.map((part) => `${part}/`)].map((dir) => `i18n/${dir}${language}.json`);
  const parts = await Promise.all(files.map(async (file) => {
    const response = await fetch(file);
    return response.ok ? response.json() : {};
  }));
  dictionary = Object.assign({}, ...parts);
  document.documentElement.lang = language;
}

/** The text for `key` with `{name}` placeholders filled from `params`; the key itself when missing. */
export function t(key, params = {}) {
  const text = dictionary[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Writes the texts into elements marked data-i18n (text), data-i18n-placeholder, data-i18n-title, data-i18n-aria-label. */
export function translate(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  root.querySelectorAll('[data-i18n-aria-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel)); });
}

/**
 * Switches language. The page reloads so that every label, layer name and popup is rebuilt in the
 * new language by the same code that built it the first time.
 */
export function switchLanguage(next) {
  try {
    window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode without storage: the switch still applies to this page load's reload below.
  }
  window.location.reload();
}
