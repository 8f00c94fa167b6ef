// Formatting for popups and labels. Pure functions, except attributeTable (DOM, see lib/dom.js).
import { el } from './dom.js';

/**
 * Escapes text for insertion into HTML. Only for the one Leaflet API that takes nothing but HTML (the
 * layer control's labels); everything else builds DOM with lib/dom.js.
 */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  }[c]));
}

/** An area in m² as the user reads it: m² below one hectare, else km². */
export function formatArea(areaM2, language) {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: areaM2 < 10_000 ? 0 : 2 });
  return areaM2 < 1_000_000 ? `${number.format(areaM2)} m²` : `${number.format(areaM2 / 1e6)} km²`;
}

/** A count with thousands separators; 12,345 becomes "1.2万" in Chinese and "12k" in English for bubbles. */
export function formatCount(count, language) {
  if (count < 10_000) return String(count);
  if (language.startsWith('zh')) return `${(count / 10_000).toFixed(count < 100_000 ? 1 : 0)}万`;
  return `${Math.round(count / 1000)}k`;
}

/** Rows of [label, value] as a table element (text only), skipping empty values. */
export function attributeTable(rows) {
  return el('table', { class: 'attributes' }, rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
}
