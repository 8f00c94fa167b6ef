// Formatting for popups and labels. Pure functions.

/** Escapes text for insertion into HTML. */
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

/** Rows of [label, value] as an HTML table, skipping empty values. */
export function attributeTable(rows) {
  const body = rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<table class="attributes">${body}</table>`;
}
