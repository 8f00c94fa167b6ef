// Coverage: choose a feature type and radius, show the small grids coloured by covered share,
// read the class breaks with how many grids fall in each, and the figures of the selected grid.
import { countByClass } from '../lib/coverage-classes.js';
import { formatArea } from '../lib/format.js';
import { addCard, button, element, field } from './cards.js';

export function mountCoveragePanel(ctx, sidebar) {
  const { t, language } = ctx;
  const coverage = ctx.layers.coverage;
  const body = addCard(sidebar, 'coverage-panel', t('panel.coverage'));
  const defaults = coverage.settings();

  const form = element('form', { class: 'coverage-form', novalidate: true });
  const type = element('select', { name: 'coverageType' });
  for (const ft of ctx.featureTypes) {
    type.append(element('option', { value: ft.key, selected: ft.key === defaults.type }, ctx.featureTypeLabel(ft.key)));
  }
  const radius = element('input', { name: 'coverageRadius', type: 'number', min: '1', step: '1', value: String(defaults.radiusMeters) });
  const show = element('button', { type: 'submit', class: 'primary', 'data-action': 'coverage-show' }, t('coverage.show'));
  const hide = button(t('coverage.hide'), { 'data-action': 'coverage-hide' });
  const buttons = element('div', { class: 'form-buttons' });
  buttons.append(show, hide);
  form.append(field(t('coverage.type'), type), field(t('coverage.radius'), radius), buttons);

  const district = element('p', { class: 'coverage-district', hidden: true });
  const legend = element('ul', { class: 'coverage-legend', hidden: true });
  const selected = element('div', { class: 'coverage-selected', hidden: true });
  const hint = element('p', { class: 'hint coverage-hint', hidden: true });
  hint.append(element('span', { class: 'swatch-hatch' }), element('span', {}, t('coverage.selectHint')));
  body.append(form, district, legend, hint, selected);

  const percent = (share) => `${(share * 100).toFixed(1)}%`;
  // The first class includes its lower bound; a class of one value (often 0 %) shows just that.
  const rangeText = (c, i) => {
    if (c.from === c.to) return percent(c.to);
    return t(i === 0 ? 'coverage.classFirst' : 'coverage.class', { from: percent(c.from), to: percent(c.to) });
  };


  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    show.disabled = true;
    try {
      await coverage.show({ type: type.value, radiusMeters: Number(radius.value) });
    } catch (err) {
      ctx.toast(err.message, 'error');
    } finally {
      show.disabled = false;
    }
  });
  hide.addEventListener('click', () => coverage.hide());

  ctx.on('coverage-changed', ({ table, settings, classes }) => {
    const counts = countByClass(classes, table.rows.map((r) => r.coveredShare));
    legend.replaceChildren(...classes.map((c, i) => {
      const li = element('li', { 'data-class': String(i), 'data-to': String(c.to), 'data-color': c.color });
      li.append(element('span', { class: 'coverage-swatch', style: `background:${c.color}` }),
        element('span', { class: 'coverage-range' }, rangeText(c, i)),
        element('span', { class: 'coverage-count' }, t('coverage.grids', { count: counts[i] })));
      return li;
    }));
    district.textContent = t('coverage.district', {
      type: ctx.featureTypeLabel(settings.type), radius: settings.radiusMeters,
      share: percent(table.district.coveredShare), grids: table.rows.length,
    });
    for (const el of [legend, district, hint]) el.hidden = false;
  });

  ctx.on('coverage-selected', (gaps) => {
    if (!gaps) { selected.hidden = true; return; }
    selected.replaceChildren(element('h3', {}, t('coverage.selected', { code: gaps.gridCode })),
      element('p', { class: 'coverage-selected-share' }, t('coverage.selectedShare', {
        share: percent(gaps.coveredShare), uncovered: formatArea(gaps.uncoveredAreaM2, language),
        area: formatArea(gaps.gridAreaM2, language), parts: gaps.features.length,
      })));
    selected.hidden = false;
  });
}
