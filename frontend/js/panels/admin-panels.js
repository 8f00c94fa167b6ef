// The admin's workspace (issue 18): accounts, the base-map key, density thresholds, the case loop's
// working calendar and backups, each a card. Every refusal is the service's, in the user's language.
import * as api from '../api.js';
import { dateInZone } from '../lib/district-time.js';
import { el } from '../lib/dom.js';
import { addCard, button, element, field } from './cards.js';

/** A status line under a card's form: what was saved, or the refusal. */
function message() {
  const line = element('p', { class: 'admin-message', role: 'status', hidden: true });
  return {
    line,
    say(text, isError = false) {
      line.textContent = text;
      line.className = isError ? 'admin-message form-error' : 'admin-message';
      line.hidden = !text;
    },
  };
}

export function mountAdminLinks(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'admin-links-panel', t('admin.accounts'));
  body.append(el('p', { class: 'help' }, t('admin.accountsHelp')),
    el('a', { href: 'admin.html', class: 'workspace-link', 'data-action': 'admin-accounts' }, t('admin.openAccounts')));
}

/** The Tianditu key: stored on the service; Tianditu becomes the default base map once it is set. */
export function mountBaseMapSettings(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'basemap-panel', t('admin.baseMap'));
  const state = el('p', { class: 'basemap-state' }, '');
  const key = element('input', { name: 'tiandituKey', autocomplete: 'off', spellcheck: 'false', maxlength: '64',
    placeholder: t('admin.tiandituKeyPlaceholder') });
  const save = button(t('admin.save'), { class: 'primary', 'data-action': 'tianditu-save' });
  const clear = button(t('admin.tiandituClear'), { 'data-action': 'tianditu-clear', hidden: true });
  const reload = button(t('admin.reloadMap'), { 'data-action': 'tianditu-reload', hidden: true });
  const note = message();
  body.append(el('p', { class: 'help' }, t('admin.baseMapHelp')), state, field(t('admin.tiandituKey'), key),
    el('div', { class: 'form-buttons' }, save, clear), note.line, reload);

  const showState = (view) => {
    state.textContent = view.set ? t('admin.tiandituSet') : t('admin.tiandituNotSet');
    clear.hidden = !view.set;
  };
  api.getTiandituKey().then(showState).catch((e) => note.say(e.message, true));
  const act = async (action, done) => {
    save.disabled = true; clear.disabled = true;
    try {
      showState(await action());
      key.value = '';
      note.say(done);
      reload.hidden = false;
    } catch (e) {
      note.say(e.message, true);
    } finally {
      save.disabled = false; clear.disabled = false;
    }
  };
  save.addEventListener('click', () => act(() => api.putTiandituKey(key.value), t('admin.tiandituSaved')));
  clear.addEventListener('click', () => act(() => api.deleteTiandituKey(), t('admin.tiandituCleared')));
  // The base maps are built at start: a reload shows the new choice (the hash keeps the view).
  reload.addEventListener('click', () => window.location.reload());
}

/** The A/B/C levels (or a local target) per density indicator. */
export function mountThresholds(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'thresholds-panel', t('admin.thresholds'));
  const table = el('table', { class: 'threshold-table' });
  const save = button(t('admin.save'), { class: 'primary', 'data-action': 'thresholds-save' });
  const note = message();
  body.append(el('p', { class: 'help' }, t('admin.thresholdsHelp')), table, el('div', { class: 'form-buttons' }, save), note.line);
  let inputs = [];

  const number = (name, value, disabled) => element('input', {
    type: 'number', step: 'any', name, value: value == null ? '' : String(value), disabled, class: 'threshold-input',
  });
  function draw(list) {
    inputs = [];
    const head = el('tr', {}, el('th', {}, t('admin.indicator')), ...['A', 'B', 'C'].map((g) => el('th', {}, g)),
      el('th', {}, t('admin.target')));
    const rows = list.map((row) => {
      const local = row.kind === 'local';
      const cells = { a: number('a', row.a, local), b: number('b', row.b, local), c: number('c', row.c, local),
        target: number('target', row.target, !local) };
      inputs.push({ row, cells });
      return el('tr', { 'data-indicator': row.indicator }, el('td', {}, t(`density.indicator.${row.indicator}`)),
        el('td', {}, cells.a), el('td', {}, cells.b), el('td', {}, cells.c), el('td', {}, cells.target));
    });
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  }
  api.getDensityThresholds().then((r) => draw(r.thresholds)).catch((e) => note.say(e.message, true));
  save.addEventListener('click', async () => {
    const read = (input) => (input.value.trim() === '' ? null : Number(input.value));
    const changes = inputs.map(({ row, cells }) => (row.kind === 'local'
      ? { indicator: row.indicator, target: read(cells.target) }
      : { indicator: row.indicator, a: read(cells.a), b: read(cells.b), c: read(cells.c) }));
    save.disabled = true;
    try {
      draw((await api.putDensityThresholds(changes)).thresholds);
      note.say(t('admin.saved'));
    } catch (e) {
      note.say(e.message, true);
    } finally {
      save.disabled = false;
    }
  });
}

/** Holidays and swapped working days of the case loop's deadlines (法定节假日、调休). */
export function mountCalendar(ctx, sidebar) {
  const { t, language } = ctx;
  const body = addCard(sidebar, 'calendar-panel', t('admin.calendar'));
  const list = el('ul', { class: 'calendar-days' });
  const day = element('input', { type: 'date', name: 'calendarDay' });
  const kind = element('select', { name: 'calendarKind' });
  for (const k of ['holiday', 'workday']) kind.append(element('option', { value: k }, t(`admin.calendar.${k}`)));
  const nameZh = element('input', { name: 'calendarNameZh', maxlength: '100' });
  const nameEn = element('input', { name: 'calendarNameEn', maxlength: '100' });
  const add = button(t('admin.calendarAdd'), { class: 'primary', 'data-action': 'calendar-add' });
  const note = message();
  const year = Number(dateInZone(new Date(), ctx.config?.timeZone).slice(0, 4));
  body.append(el('p', { class: 'help' }, t('admin.calendarHelp', { year })), list, field(t('admin.calendarDay'), day),
    field(t('admin.calendarKind'), kind), field(t('admin.calendarNameZh'), nameZh), field(t('admin.calendarNameEn'), nameEn),
    el('div', { class: 'form-buttons' }, add), note.line);

  function draw(calendar) {
    const days = calendar.days || [];
    if (days.length === 0) { list.replaceChildren(el('li', { class: 'help' }, t('admin.calendarNone'))); return; }
    list.replaceChildren(...days.map((d) => {
      const remove = button(t('admin.calendarRemove'), { class: 'link-button', 'data-action': 'calendar-remove' });
      remove.addEventListener('click', () => act(async () => { await api.deleteWorkCalendarDay(d.day); return api.getWorkCalendar(year); }));
      return el('li', { 'data-day': d.day }, el('span', {}, `${d.day} ${t(`admin.calendar.${d.kind}`)} ${language === 'en' ? d.nameEn : d.nameZh}`), remove);
    }));
  }
  async function act(action) {
    add.disabled = true;
    try {
      draw(await action());
      note.say(t('admin.saved'));
    } catch (e) {
      note.say(e.message, true);
    } finally {
      add.disabled = false;
    }
  }
  api.getWorkCalendar(year).then(draw).catch((e) => note.say(e.message, true));
  add.addEventListener('click', () => act(async () => {
    await api.putWorkCalendarDay(day.value || 'none', { kind: kind.value, nameZh: nameZh.value, nameEn: nameEn.value });
    return api.getWorkCalendar(year);
  }));
}

/** A backup of the whole store, downloaded as a zip. */
export function mountBackup(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'backup-panel', t('admin.backup'));
  const make = button(t('admin.backupMake'), { class: 'primary', 'data-action': 'backup-make' });
  const note = message();
  body.append(el('p', { class: 'help' }, t('admin.backupHelp')), make, note.line);
  make.addEventListener('click', async () => {
    make.disabled = true;
    note.say(t('admin.backupRunning'));
    try {
      const { blob, filename } = await api.downloadBackup();
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: filename });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      note.say(t('admin.backupDone', { filename }));
    } catch (e) {
      note.say(e.message, true);
    } finally {
      make.disabled = false;
    }
  });
}
