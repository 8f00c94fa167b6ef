// The evaluation page (综合评价): a period and a grouping, the figures of every group as a table (the
// first rows; the CSV has them all), the on-time handling rate of the busiest groups as bars.
import * as api from './api.js';
import { currentLanguage, loadLanguage, switchLanguage, t, translate } from './i18n.js';
import { dateInZone, firstOfMonth } from './lib/district-time.js';
import { el } from './lib/dom.js';
import { COLUMNS, cellText, chartRows } from './lib/evaluation-format.js';

const MAX_TABLE_ROWS = 500;
let controller = null;

async function start() {
  await loadLanguage();
  translate();
  document.getElementById('lang-switch')
    .addEventListener('click', () => switchLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en'));
  await api.getSession();
  const config = await api.getMapConfig();
  const form = document.getElementById('evaluation-form');
  // This month so far at the district's clock: the service reads the period's days in its zone.
  const today = dateInZone(new Date(), config.timeZone);
  form.elements.to.value = today;
  form.elements.from.value = firstOfMonth(today);
  document.querySelector('#evaluation-table thead tr')
    .replaceChildren(...COLUMNS.map((c) => el('th', { 'data-column': c }, t(`evaluation.column.${c}`))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show(form);
  });
  await show(form);
  document.body.dataset.ready = 'true';
}

function params(form) {
  return { from: form.elements.from.value, to: form.elements.to.value, by: form.elements.by.value };
}

async function show(form) {
  const error = document.getElementById('evaluation-error');
  const p = params(form);
  document.getElementById('evaluation-csv').href = api.caseEvaluationCsvUrl(p);
  if (controller) controller.abort();
  controller = new AbortController();
  try {
    const result = await api.getCaseEvaluation(p, controller.signal);
    error.hidden = true;
    table(result);
    chart(result.rows);
  } catch (e) {
    if (e.name === 'AbortError') return;
    error.textContent = e.message;
    error.hidden = false;
  }
}

function row(r, key, cls) {
  return el('tr', { 'data-key': r.key ?? '', class: cls },
    ...COLUMNS.map((c) => el('td', { 'data-column': c, class: c === 'overdueNow' && r.overdueNow > 0 ? 'overdue' : null },
      c === 'key' ? key : cellText(c, r[c]))));
}

function table(result) {
  const body = document.querySelector('#evaluation-table tbody');
  const shown = result.rows.slice(0, MAX_TABLE_ROWS);
  body.replaceChildren(...shown.map((r) => row(r, r.key ?? t('evaluation.key.none'))));
  if (result.rows.length > shown.length) {
    body.append(el('tr', { class: 'more' }, el('td', { colspan: COLUMNS.length },
      t('evaluation.more', { shown: shown.length, total: result.rows.length }))));
  }
  document.querySelector('#evaluation-table tfoot').replaceChildren(row(result.total, t('evaluation.total'), 'total'));
}

function chart(rows) {
  const bars = document.querySelector('#evaluation-chart .bars');
  bars.replaceChildren(...chartRows(rows).flatMap((r) => {
    const rate = r.onTimeHandlingRate ?? 0;
    return [
      el('span', { class: 'bar-key', title: r.key ?? '' }, r.key ?? t('evaluation.key.none')),
      el('div', { class: 'bar-track' }, el('div', { class: rate < 0.8 ? 'bar low' : 'bar', 'data-key': r.key ?? '',
        style: { width: `${(rate * 100).toFixed(1)}%` } })),
      el('span', {}, cellText('onTimeHandlingRate', r.onTimeHandlingRate)),
    ];
  }));
}

start();
