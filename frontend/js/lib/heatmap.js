// Heatmap helpers: the week slider's time window and density numbers. Pure functions.
import { addDays, dateInZone, startOfDayMs } from './district-time.js';

/**
 * The end of the week slider: the day after `nowMs`'s day in the district's `zone` (YYYY-MM-DD), so the
 * window's URLs stay the same all day and its weeks begin at the district's midnight, as the dates say.
 */
export function sliderEndDay(nowMs, zone) {
  return addDays(dateInZone(nowMs, zone), 1);
}

/** The day (YYYY-MM-DD) of slider position `week` on a slider of `weeks` weeks ending at `endDay`. */
export function weekDate(endDay, weeks, week) {
  return addDays(endDay, -7 * (weeks - week));
}

/**
 * The creation-time window of weeks [fromWeek, toWeek] on a slider of `weeks` weeks ending at
 * `endDay` (week `weeks` is the end): { from, to } as ISO instants of the district's midnights in
 * `zone`, null for an open end (the slider's first position means "from the beginning", its last "until now").
 */
export function weekWindow(endDay, weeks, fromWeek, toWeek, zone) {
  const at = (week) => new Date(startOfDayMs(weekDate(endDay, weeks, week), zone)).toISOString().replace('.000Z', 'Z');
  return { from: fromWeek <= 0 ? null : at(fromWeek), to: toWeek >= weeks ? null : at(toWeek) };
}

/** A density in features per km² as shown: one decimal below 10, whole numbers above, thousands grouped. */
export function formatDensity(value, language) {
  return new Intl.NumberFormat(language, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}
