// Heatmap controls: on/off, feature types, kernel radius, creation-time window (weeks), opacity.
// The map side is layers/heatmap-layer.js (ctx.layers.heatmap).
import { sliderEndDay, weekDate, weekWindow } from '../lib/heatmap.js';
import { addCard, element, field } from './cards.js';
import { getCaseClasses } from '../case-api.js';
import { className } from '../lib/cases.js';

/** The week slider spans this many weeks back from today. */
export const HEATMAP_WEEKS = 52;
const RADIUS_MIN_M = 50, RADIUS_MAX_M = 1000, RADIUS_STEP_M = 50;
/** Sliders settle for this long before the layer reloads, so a drag asks once, not at every step. */
const SETTLE_MS = 250;

export function mountHeatmapPanel(ctx, sidebar) {
  const { t } = ctx;
  const heatmap = ctx.layers.heatmap;
  const body = addCard(sidebar, 'heatmap-panel', t('panel.heatmap'));
  const start = heatmap.options();
  // Weeks of the district's days (its zone), as every period the service counts.
  const zone = ctx.config?.timeZone;
  const endDay = sliderEndDay(Date.now(), zone);

  const show = element('input', { type: 'checkbox', name: 'heatmap-show' });
  const showLabel = element('label', { class: 'checkbox' });
  showLabel.append(show, document.createTextNode(` ${t('heatmap.show')}`));

  const types = element('fieldset', { class: 'heatmap-types' });
  types.append(element('legend', {}, t('heatmap.types')));
  for (const ft of ctx.featureTypes) {
    const label = element('label', { class: 'checkbox' });
    const box = element('input', { type: 'checkbox', name: 'heatmap-type', value: ft.key, checked: start.types.includes(ft.key) });
    label.append(box, document.createTextNode(` ${ctx.featureTypeLabel(ft.key)}`));
    types.append(label);
  }

  // What is counted: the features themselves, or the positive inspection findings of the period.
  const source = element('fieldset', { class: 'heatmap-source' });
  source.append(element('legend', {}, t('heatmap.source')));
  for (const value of ['features', 'inspections', 'cases']) {
    const label = element('label', { class: 'checkbox' });
    label.append(element('input', { type: 'radio', name: 'heatmap-source', value, checked: value === (start.source || 'features') }),
      document.createTextNode(` ${t(`heatmap.source.${value}`)}`));
    source.append(label);
  }

  // Cases are counted by case class, not by feature type: their own list, filled once the classes are known.
  const caseTypes = element('fieldset', { class: 'heatmap-types heatmap-case-types', hidden: true });
  caseTypes.append(element('legend', {}, t('heatmap.caseClasses')));
  getCaseClasses().then((classes) => {
    for (const c of Array.isArray(classes) ? classes : classes.classes || []) {
      const label = element('label', { class: 'checkbox' });
      label.append(element('input', { type: 'checkbox', name: 'heatmap-case-class', value: c.code, checked: true }),
        document.createTextNode(` ${className(c, ctx.language)}`));
      caseTypes.append(label);
    }
  }).catch(() => { /* no case classes to read: the list stays empty, all classes count */ });

  const radius = element('input', { type: 'range', name: 'heatmap-radius', min: RADIUS_MIN_M, max: RADIUS_MAX_M, step: RADIUS_STEP_M, value: start.radiusMeters });
  const radiusField = field('', radius);
  const from = element('input', { type: 'range', name: 'heatmap-from', min: 0, max: HEATMAP_WEEKS - 1, step: 1, value: 0 });
  const to = element('input', { type: 'range', name: 'heatmap-to', min: 0, max: HEATMAP_WEEKS, step: 1, value: HEATMAP_WEEKS });
  const fromField = field('', from);
  const toField = field('', to);
  const opacity = element('input', { type: 'range', name: 'heatmap-opacity', min: 10, max: 100, step: 5, value: Math.round(start.opacity * 100) });
  const opacityField = field('', opacity);
  const controls = element('div', { class: 'heatmap-controls' });
  controls.append(source, types, caseTypes, radiusField, fromField, toField, opacityField);
  body.append(showLabel, controls);

  function labels() {
    radiusField.querySelector('span').textContent = t('heatmap.radius', { radius: radius.value });
    fromField.querySelector('span').textContent = t('heatmap.from', {
      date: Number(from.value) <= 0 ? t('heatmap.from.open') : weekDate(endDay, HEATMAP_WEEKS, Number(from.value)) });
    toField.querySelector('span').textContent = t('heatmap.to', {
      date: Number(to.value) >= HEATMAP_WEEKS ? t('heatmap.to.open') : weekDate(endDay, HEATMAP_WEEKS, Number(to.value)) });
    opacityField.querySelector('span').textContent = t('heatmap.opacity', { percent: opacity.value });
  }

  /** Cases are chosen by class, everything else by feature type: the list shown follows the source. */
  function showSourceTypes() {
    const cases = source.querySelector('input:checked').value === 'cases';
    types.hidden = cases;
    caseTypes.hidden = !cases;
  }

  function chosen() {
    const cases = source.querySelector('input:checked').value === 'cases';
    const classBoxes = [...caseTypes.querySelectorAll('input')];
    const classes = classBoxes.filter((box) => box.checked).map((box) => box.value);
    return {
      // For cases, no class named means every class (also when the classes could not be read);
      // none ticked of a known list is "nothing chosen", as with feature types.
      types: cases ? (classes.length === classBoxes.length ? [] : classes)
        : [...types.querySelectorAll('input:checked')].map((box) => box.value),
      noClass: cases && classBoxes.length > 0 && classes.length === 0,
      radiusMeters: Number(radius.value),
      source: source.querySelector('input:checked').value,
      ...weekWindow(endDay, HEATMAP_WEEKS, Number(from.value), Number(to.value), zone),
    };
  }

  let settle = null;
  function changed() {
    labels();
    clearTimeout(settle);
    settle = setTimeout(() => heatmap.setOptions(chosen()), SETTLE_MS);
  }

  show.addEventListener('change', () => heatmap.show(show.checked));
  types.addEventListener('change', changed);
  caseTypes.addEventListener('change', changed);
  source.addEventListener('change', () => { showSourceTypes(); changed(); });
  radius.addEventListener('input', changed);
  // The two ends never cross: the one moved pushes the other along.
  from.addEventListener('input', () => { if (Number(from.value) >= Number(to.value)) to.value = Math.min(HEATMAP_WEEKS, Number(from.value) + 1); changed(); });
  to.addEventListener('input', () => { if (Number(to.value) <= Number(from.value)) from.value = Math.max(0, Number(to.value) - 1); changed(); });
  opacity.addEventListener('input', () => { labels(); heatmap.setOptions({ opacity: Number(opacity.value) / 100 }); });
  // The layer control can switch the heatmap too.
  ctx.on('heatmap-changed', () => {
    show.checked = heatmap.visible();
    controls.hidden = !heatmap.visible();
  });

  labels();
  controls.hidden = true;
}
