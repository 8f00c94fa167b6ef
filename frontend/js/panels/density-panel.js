// Vector density levels: choose the period, grid level and what colours the map; read the grade
// counts, and for the grid clicked on the map its indicators (value, sample size, grade), vector
// levels, overall verdict and a weekly trend chart. Links to the printable work summary.
// The map side is layers/density-layer.js (ctx.layers.density).
import * as api from '../api.js';
import { dateInZone } from '../lib/district-time.js';
import { addDays, countByGrade, formatIndicatorValue, GRADES, gradeColor, trendChartSvg, VECTORS } from '../lib/density.js';
import { addCard, button, element, field } from './cards.js';

/** The period shown first: the last four weeks up to today. */
const DEFAULT_DAYS = 28;

export function mountDensityPanel(ctx, sidebar) {
  const { t, language } = ctx;
  const density = ctx.layers.density;
  const body = addCard(sidebar, 'density-panel', t('panel.density'));
  const today = dateInZone(new Date(), ctx.config?.timeZone);

  const form = element('form', { class: 'density-form', novalidate: true });
  const from = element('input', { type: 'date', name: 'densityFrom', value: addDays(today, -(DEFAULT_DAYS - 1)) });
  const to = element('input', { type: 'date', name: 'densityTo', value: today });
  const level = element('select', { name: 'densityLevel' });
  for (const value of ['small', 'large', 'district']) level.append(element('option', { value }, t(`density.level.${value}`)));
  const by = element('select', { name: 'densityBy' });
  for (const value of ['overall', ...VECTORS]) by.append(element('option', { value }, t(`density.by.${value}`)));
  const show = element('button', { type: 'submit', class: 'primary', 'data-action': 'density-show' }, t('density.show'));
  const hide = button(t('density.hide'), { 'data-action': 'density-hide' });
  const buttons = element('div', { class: 'form-buttons' });
  buttons.append(show, hide);
  const period = element('div', { class: 'density-period' });
  period.append(field(t('density.from'), from), field(t('density.to'), to));
  form.append(period, field(t('density.level'), level), field(t('density.colourBy'), by), buttons);

  const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
  const counts = element('ul', { class: 'density-counts', hidden: true });
  const hint = element('p', { class: 'hint density-hint', hidden: true }, t('density.selectHint'));
  const selected = element('div', { class: 'density-selected', hidden: true });
  const summary = element('a', { class: 'density-summary-link', target: '_blank', rel: 'noopener', 'data-action': 'density-summary' },
    t('density.summaryLink'));
  body.append(form, error, counts, hint, selected, summary);

  let thresholds = null; // indicator key -> threshold row, loaded with the first trend
  let trendController = null;

  function updateSummaryLink(gridCode) {
    summary.href = api.summaryPageUrl({ from: from.value, to: to.value, grid: gridCode || undefined, lang: language === 'en' ? 'en' : 'zh' });
  }

  function chosen() {
    return { level: level.value, from: from.value, to: to.value, by: by.value };
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!from.value || !to.value || from.value > to.value) {
      error.textContent = t('density.badPeriod');
      error.hidden = false;
      return;
    }
    show.disabled = true;
    try {
      await density.show(chosen());
    } catch (err) {
      if (err.name === 'AbortError') return;
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      show.disabled = false;
    }
  });
  hide.addEventListener('click', () => {
    density.hide();
    counts.hidden = true;
    hint.hidden = true;
  });
  by.addEventListener('change', () => {
    density.colourBy(by.value);
    if (lastGrids) drawCounts(lastGrids, by.value);
  });
  for (const input of [from, to]) input.addEventListener('change', () => updateSummaryLink(selectedGrid ? selectedGrid.code : null));

  let lastGrids = null;
  let selectedGrid = null;

  function drawCounts(grids, colouring) {
    const perGrade = countByGrade(grids, colouring);
    counts.replaceChildren(...GRADES.map((g) => {
      const li = element('li', { 'data-grade': g, 'data-count': String(perGrade[g]) });
      li.append(element('span', { class: 'swatch-grade', style: `background:${gradeColor(g)}` }),
        element('span', { class: 'density-grade-name' }, t(`density.grade.${g}`)),
        element('span', { class: 'density-count' }, t('density.gridCount', { count: perGrade[g] })));
      return li;
    }));
    counts.hidden = false;
  }

  ctx.on('density-changed', ({ settings, grids }) => {
    lastGrids = grids;
    drawCounts(grids, settings.by);
    hint.hidden = settings.level === 'district';
    // One district: its figures are what there is to see, so it is selected straight away.
    if (settings.level === 'district' && grids.length === 1) density.select(grids[0].code);
  });

  ctx.on('density-selected', (detail) => {
    trendController?.abort();
    if (!detail) { selected.hidden = true; selectedGrid = null; updateSummaryLink(null); return; }
    const { grid, settings } = detail;
    selectedGrid = grid;
    updateSummaryLink(settings.level === 'district' ? null : grid.code);
    renderGrid(grid, settings);
  });

  function unitText(unit) {
    const key = `density.unit.${unit}`;
    const text = t(key);
    return text === key ? unit : text;
  }

  function gradeBadge(grade, extra = {}) {
    return element('span', { class: `grade grade-${grade}`, style: `background:${gradeColor(grade)}`, ...extra }, t(`density.grade.${grade}`));
  }

  function renderGrid(grid, settings) {
    const title = element('h3', {}, t('density.selected', { name: grid.name || '', code: grid.code }));
    // The verdict names the vectors it covers; a vector without data is "not assessed", never a pass.
    const names = (list) => (list || []).map((v) => t(`density.by.${v}`)).join(t('density.list.separator'));
    const verdict = element('p', { class: `density-verdict verdict-${grid.verdict}`, 'data-verdict': grid.verdict,
      'data-not-assessed': (grid.notAssessedVectors || []).join(',') },
    t(`density.verdict.${grid.verdict}`, { assessed: names(grid.assessedVectors), notAssessed: names(grid.notAssessedVectors) }));
    const vectors = element('p', { class: 'density-vectors' });
    for (const v of VECTORS) {
      const grade = (grid.vectors || {})[v] || 'INSUFFICIENT';
      const item = element('span', { class: 'density-vector', 'data-vector': v });
      item.append(document.createTextNode(`${t(`density.by.${v}`)} `), gradeBadge(grade));
      vectors.append(item);
    }

    const table = element('table', { class: 'attributes density-indicators' });
    const head = element('tr', {});
    for (const h of ['density.indicator', 'density.value', 'density.sample', 'density.grade']) head.append(element('th', {}, t(h)));
    table.append(head);
    for (const ind of grid.indicators || []) {
      const local = ind.kind === 'local';
      const tr = element('tr', { 'data-indicator': ind.key, 'data-grade': local ? '' : ind.grade, 'data-kind': ind.kind || 'national',
        'data-target-status': local ? ind.targetStatus : '' });
      const sampleUnit = ind.sampleUnit ? t(`density.sampleUnit.${ind.sampleUnit}`) : '';
      tr.append(element('td', { class: 'density-indicator-name' }, t(`density.indicator.${ind.key}`)),
        element('td', { class: 'density-value' }, formatIndicatorValue(ind.value, ind.unit, language, unitText)),
        element('td', { class: 'density-sample' }, `${formatSample(ind.sampleSize)}${sampleUnit.startsWith('density.') ? '' : ` ${sampleUnit}`}`));
      const cell = element('td', {});
      if (local) {
        // A management figure: the district's own target, labelled as such, never an A/B/C level.
        cell.append(element('span', { class: `local-target target-${ind.targetStatus}` },
          t(`density.target.${ind.targetStatus}`, { target: ind.target ?? '' })));
      } else {
        cell.append(gradeBadge(ind.grade));
      }
      tr.append(cell);
      table.append(tr);
    }

    // The trend: one indicator at a time, the first one with a value to start with.
    const indicators = grid.indicators || [];
    const pick = element('select', { name: 'densityTrendIndicator' });
    for (const ind of indicators) pick.append(element('option', { value: ind.key }, t(`density.indicator.${ind.key}`)));
    const firstWithValue = indicators.find((i) => i.value !== null && i.value !== undefined);
    if (firstWithValue) pick.value = firstWithValue.key;
    const chart = element('div', { class: 'density-trend', 'aria-live': 'polite' });
    const trendTitle = element('h4', {}, t('density.trend'));

    // What the path indices rest on: km walked on a recorded track, and patrols that added none.
    const paths = element('p', { class: 'density-paths', 'data-tracked-km': String(grid.trackedKm ?? 0),
      'data-trackless': String(grid.tracklessPatrols ?? 0) },
    t('density.paths', { km: formatSample(grid.trackedKm ?? 0), trackless: grid.tracklessPatrols ?? 0 }));

    selected.replaceChildren(title, verdict, vectors, table, paths, trendTitle, field(t('density.trendIndicator'), pick), chart);
    selected.hidden = false;
    // The card is last in the sidebar: bring the figures of the clicked grid into view.
    title.scrollIntoView({ block: 'nearest' });

    let weeks = null;
    const draw = () => {
      if (!weeks) return;
      const ind = indicators.find((i) => i.key === pick.value);
      const unit = ind ? ind.unit : '';
      const row = thresholds && thresholds.get(pick.value);
      const lines = row ? [['A', row.a], ['B', row.b], ['C', row.c]]
        .filter(([, v]) => Number.isFinite(v)).map(([g, v]) => ({ value: v, label: g, color: gradeColor(g) })) : [];
      chart.innerHTML = trendChartSvg(weeks.map((w) => ({ weekStart: w.weekStart, value: (w.indicators || {})[pick.value] ?? null })), {
        width: 290, height: 140, lines,
        format: (v) => formatIndicatorValue(v, unit, language, () => ''),
        title: t('density.trendTitle', { indicator: t(`density.indicator.${pick.value}`), code: grid.code }),
        emptyText: t('density.trendEmpty'),
      });
      chart.dataset.indicator = pick.value;
      chart.dataset.weeks = String(weeks.length);
    };
    pick.addEventListener('change', draw);

    const mine = new AbortController();
    trendController = mine;
    chart.textContent = t('density.trendLoading');
    const trendGrid = settings.level === 'district' ? 'district' : grid.code;
    Promise.all([
      api.getDensityTrend({ grid: trendGrid, from: settings.from, to: settings.to }, mine.signal),
      thresholds ? Promise.resolve(null) : api.getDensityThresholds(mine.signal).catch(() => null),
    ]).then(([trend, loaded]) => {
      if (trendController !== mine) return;
      if (loaded && Array.isArray(loaded.thresholds)) thresholds = new Map(loaded.thresholds.map((r) => [r.indicator, r]));
      weeks = trend.weeks || [];
      draw();
    }).catch((e) => {
      if (e.name === 'AbortError' || trendController !== mine) return;
      chart.replaceChildren(element('p', { class: 'form-error' }, e.message));
    });
  }

  function formatSample(size) {
    if (size === null || size === undefined) return '–';
    return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(size);
  }

  updateSummaryLink(null);
}
