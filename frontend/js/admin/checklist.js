// The ranking's scoring checklist on the admin page: every item with its points and whether it is in use,
// a row to add an item, and one save that replaces the list (PUT api/ranking/checklist, checked there).
import * as adminApi from '../admin-api.js';
import { currentLanguage, t } from '../i18n.js';
import { el, replaceChildren } from '../lib/dom.js';

export function mountChecklist(section, toast) {
  let items = [];
  const rows = el('tbody');
  const total = el('p', { class: 'help', id: 'checklist-total' });
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = el('button', { type: 'button', class: 'primary', 'data-action': 'save-checklist' }, t('admin.checklist.save'));
  const input = (name, attributes = {}) => el('input', { name, autocomplete: 'off', ...attributes });
  const added = {
    code: input('new-code', { maxlength: '32' }), headingZh: input('new-heading-zh'), headingEn: input('new-heading-en'),
    nameZh: input('new-name-zh'), nameEn: input('new-name-en'),
    maxPoints: input('new-points', { type: 'number', min: '0.5', max: '100', step: '0.5' }),
  };
  const add = el('button', { type: 'button', 'data-action': 'add-checklist-item' }, t('admin.checklist.addRow'));
  section.append(
    el('p', { class: 'help' }, t('admin.checklist.help')),
    el('table', { class: 'account-table', id: 'checklist-table' },
      el('thead', {}, el('tr', {}, ...['code', 'heading', 'name', 'points', 'active'].map((c) => el('th', {}, t(`admin.checklist.${c}`))))),
      rows),
    total,
    el('details', { class: 'checklist-add' }, el('summary', {}, t('admin.checklist.add')),
      el('div', { class: 'inline-form' }, ...Object.entries(added).map(([key, field]) =>
        el('label', { class: 'field' }, el('span', {}, t(key === 'maxPoints' ? 'admin.checklist.points' : `admin.checklist.${key}`)), field)), add)),
    el('div', { class: 'form-buttons' }, save), error);

  const english = currentLanguage() === 'en';
  function draw() {
    replaceChildren(rows, items.map((item, i) => {
      const points = el('input', { type: 'number', name: `points-${item.code}`, min: '0.5', max: '100', step: '0.5', value: String(item.maxPoints) });
      points.addEventListener('input', () => { items[i] = { ...items[i], maxPoints: Number(points.value) }; sum(); });
      const active = el('input', { type: 'checkbox', name: `active-${item.code}` });
      active.checked = item.active;
      active.addEventListener('change', () => { items[i] = { ...items[i], active: active.checked }; sum(); });
      return el('tr', { dataset: { code: item.code } }, el('td', {}, el('code', {}, item.code)),
        el('td', {}, english ? item.headingEn : item.headingZh), el('td', {}, english ? item.nameEn : item.nameZh),
        el('td', {}, points), el('td', {}, active));
    }));
    sum();
  }
  function sum() {
    const points = items.filter((i) => i.active).reduce((s, i) => s + (Number.isFinite(i.maxPoints) ? i.maxPoints : 0), 0);
    total.textContent = t('admin.checklist.total', { points: Math.round(points * 10) / 10 });
  }
  function showError(message) {
    error.textContent = message || '';
    error.hidden = !message;
  }

  add.addEventListener('click', () => {
    const item = Object.fromEntries(Object.entries(added).map(([key, field]) => [key, field.value.trim()]));
    if (Object.values(item).some((v) => !v)) return showError(t('admin.checklist.needAll'));
    const points = Number(item.maxPoints);
    if (!(points > 0 && points <= 100)) return showError(t('admin.checklist.points.invalid'));
    showError(null);
    items.push({ ...item, maxPoints: points, active: true, sortOrder: items.length + 1 });
    Object.values(added).forEach((field) => { field.value = ''; });
    draw();
  });

  save.addEventListener('click', async () => {
    showError(null);
    save.disabled = true;
    try {
      items = await adminApi.putChecklist(items.map((item, i) => ({ ...item, sortOrder: i + 1 })));
      draw();
      toast(t('admin.checklist.saved'));
    } catch (e) {
      showError(e.message);
    } finally {
      save.disabled = false;
    }
  });

  return adminApi.getChecklist().then((loaded) => { items = loaded; draw(); });
}
