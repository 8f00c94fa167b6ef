// Heatmap helpers: the week slider's time window and density numbers. Pure functions.

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** The end of the week slider: the next UTC midnight after `nowMs`, so the window's URLs stay the same all day. */
export function sliderEndMs(nowMs) {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}

/**
 * The creation-time window of weeks [fromWeek, toWeek] on a slider of `weeks` weeks ending at
 * `endMs` (week `weeks` is the end): { from, to } as ISO instants, null for an open end (the
 * slider's first position means "from the beginning", its last "until now").
 */
export function weekWindow(endMs, weeks, fromWeek, toWeek) {
  const at = (week) => new Date(endMs - (weeks - week) * WEEK_MS).toISOString().replace('.000Z', 'Z');
  return { from: fromWeek <= 0 ? null : at(fromWeek), to: toWeek >= weeks ? null : at(toWeek) };
}

/** The date (YYYY-MM-DD, UTC) of slider position `week`. */
export function weekDate(endMs, weeks, week) {
  return new Date(endMs - (weeks - week) * WEEK_MS).toISOString().slice(0, 10);
}

/** A density in features per km² as shown: one decimal below 10, whole numbers above, thousands grouped. */
export function formatDensity(value, language) {
  return new Intl.NumberFormat(language, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}
