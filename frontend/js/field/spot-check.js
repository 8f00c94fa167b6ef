// Spot-check scoring (考评 现场打分) on the phone page: for staff who score communities (admin, vector
// control), a button in the top bar opens a sheet with the checklist, one number per item, the running
// total, and saves it. Its own module beside field/main.js: field.html only loads it.
import * as api from '../api.js';
import { currentLanguage, t } from '../i18n.js';
import { el, replaceChildren } from '../lib/dom.js';

const SCORERS = ['admin', 'vector_control'];

function waitForPage() {
  // field/main.js loads the dictionaries and marks the body ready; the texts are needed first.
  return new Promise((resolve) => {
    if (document.body.dataset.ready === 'true') return resolve();
    new MutationObserver((_, observer) => {
      if (document.body.dataset.ready === 'true') { observer.disconnect(); resolve(); }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
  });
}

function newClientId() {
  return (crypto.randomUUID ? crypto.randomUUID() : `s-${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

async function openSheet(sheet) {
  const en = currentLanguage() === 'en';
  const [items, grids] = await Promise.all([api.getRankingChecklist(), api.getGrids({ level: 'large' })]);
  const active = items.filter((i) => i.active);
  const clientId = newClientId();
  const inputs = new Map();
  const total = el('p', { class: 'spot-total', 'aria-live': 'polite' });
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const gridSelect = el('select', { id: 'spot-grid', name: 'grid' }, el('option', { value: '' }, t('ranking.spot.pickGrid')),
    grids.features.map((f) => el('option', { value: f.properties.code }, `${f.properties.name} (${f.properties.code})`)));
  const unit = el('input', { id: 'spot-unit', maxlength: 200 });
  const inspector = el('input', { id: 'spot-inspector', maxlength: 100, autocomplete: 'name' });
  const note = el('textarea', { id: 'spot-note', maxlength: 1000, rows: 2 });

  const update = () => {
    let points = 0;
    let max = 0;
    for (const item of active) {
      const v = Number(inputs.get(item.code).value);
      points += Number.isFinite(v) ? v : 0;
      max += item.maxPoints;
    }
    total.textContent = t('ranking.spot.total', { points, max, score: max ? (100 * points / max).toFixed(1) : 0 });
    total.dataset.points = String(points);
  };

  const groups = [];
  let heading = null;
  let list = null;
  for (const item of active) {
    const h = en ? item.headingEn : item.headingZh;
    if (h !== heading) {
      heading = h;
      list = el('div', { class: 'spot-items' });
      groups.push(el('h3', null, h), list);
    }
    // Full points to start with: a checker deducts for what is wrong, as on the paper sheet.
    const input = el('input', { type: 'number', min: 0, max: item.maxPoints, step: 0.5, inputmode: 'decimal',
      value: item.maxPoints, dataset: { item: item.code } });
    input.addEventListener('input', update);
    inputs.set(item.code, input);
    list.append(el('label', { class: 'spot-item' }, el('span', null, en ? item.nameEn : item.nameZh,
      el('small', null, ` / ${item.maxPoints}`)), input));
  }

  const save = el('button', { type: 'button', class: 'big primary', dataset: { action: 'spot-save' } }, t('ranking.spot.save'));
  const cancel = el('button', { type: 'button', class: 'big', dataset: { action: 'spot-cancel' } }, t('ranking.spot.cancel'));
  cancel.addEventListener('click', () => { sheet.hidden = true; });
  save.addEventListener('click', async () => {
    error.hidden = true;
    const points = {};
    for (const [code, input] of inputs) points[code] = input.value === '' ? null : Number(input.value);
    save.disabled = true;
    try {
      const saved = await api.postSpotCheck({ clientId, largeGrid: gridSelect.value || null, unitName: unit.value.trim() || null,
        inspector: inspector.value.trim() || null, note: note.value.trim() || null, points });
      sheet.hidden = true;
      const toast = document.getElementById('toast');
      if (toast) {
        toast.textContent = t('ranking.spot.saved', { score: saved.score });
        toast.hidden = false;
        setTimeout(() => { toast.hidden = true; }, 4000);
      }
    } catch (e) {
      error.textContent = e.status ? e.message : t('ranking.spot.queued');
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });

  replaceChildren(sheet,
    el('h2', null, t('ranking.spot.title')),
    el('label', { class: 'big-field' }, el('span', null, t('ranking.spot.grid')), gridSelect),
    el('label', { class: 'big-field' }, el('span', null, t('ranking.spot.unit')), unit),
    el('label', { class: 'big-field' }, el('span', null, t('ranking.spot.inspector')), inspector),
    groups,
    el('label', { class: 'big-field' }, el('span', null, t('ranking.spot.note')), note),
    total, error,
    el('div', { class: 'sheet-buttons' }, cancel, save));
  update();
  sheet.hidden = false;
}

async function start() {
  await waitForPage();
  const session = await api.getSession();
  if (!session.authenticated || !session.roles.some((r) => SCORERS.includes(r))) return;
  const sheet = el('section', { id: 'spot-sheet', class: 'sheet', role: 'dialog', 'aria-modal': 'true', hidden: true });
  document.body.append(sheet);
  const button = el('button', { id: 'spot-check-open', type: 'button' }, t('ranking.spot.open'));
  button.addEventListener('click', () => openSheet(sheet));
  document.getElementById('field-bar').insertBefore(button, document.getElementById('lang-switch'));
}

start();
