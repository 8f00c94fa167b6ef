// The working calendar's special days on the admin page: a year's holidays and make-up working days
// (调休), a form to add or change one (PUT api/work-calendar/days/{day}), delete; and the notice when the
// calendar has no holidays for this year (or, from November, the next one).
import * as adminApi from '../admin-api.js';
import { currentLanguage, t } from '../i18n.js';
import { dateInZone } from '../lib/district-time.js';
import { el, replaceChildren } from '../lib/dom.js';

/** `zone`: the district's time zone, whose year is "this year". */
export function mountHolidays(section, notice, toast, zone) {
  const thisYear = Number(dateInZone(new Date(), zone).slice(0, 4));
  const year = el('select', { name: 'calendar-year' },
    ...[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => el('option', { value: String(y) }, String(y))));
  year.value = String(thisYear);
  const rows = el('tbody');
  const day = el('input', { name: 'day', autocomplete: 'off', placeholder: t('admin.calendar.dayHint'), maxlength: '10' });
  const kind = el('select', { name: 'kind' }, ...['holiday', 'workday'].map((k) => el('option', { value: k }, t(`admin.calendar.kind.${k}`))));
  const nameZh = el('input', { name: 'nameZh', autocomplete: 'off', maxlength: '100' });
  const nameEn = el('input', { name: 'nameEn', autocomplete: 'off', maxlength: '100' });
  const save = el('button', { type: 'submit', class: 'primary', 'data-action': 'save-day' }, t('admin.calendar.save'));
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = el('form', { class: 'inline-form', id: 'calendar-day-form' },
    el('label', { class: 'field' }, el('span', {}, t('admin.calendar.day')), day),
    el('label', { class: 'field' }, el('span', {}, t('admin.calendar.kind')), kind),
    el('label', { class: 'field' }, el('span', {}, t('admin.calendar.nameZh')), nameZh),
    el('label', { class: 'field' }, el('span', {}, t('admin.calendar.nameEn')), nameEn), save);
  section.append(el('p', { class: 'help' }, t('admin.calendar.help')),
    el('label', { class: 'field inline' }, el('span', {}, t('admin.calendar.year')), year),
    el('table', { class: 'account-table', id: 'calendar-table' },
      el('thead', {}, el('tr', {}, ...['day', 'kind', 'nameZh', 'nameEn'].map((c) => el('th', {}, t(`admin.calendar.${c}`))), el('th'))),
      rows),
    form, error);

  function showNotice(missing) {
    if (!notice) return;
    replaceChildren(notice, missing.length === 0 ? [] : [
      t('admin.calendar.missing', { years: missing.join(currentLanguage() === 'en' ? ', ' : '、') }), ' ',
      el('a', { href: '#calendar' }, t('admin.calendar.missingLink'))]);
    notice.hidden = missing.length === 0;
  }

  async function refresh() {
    const calendar = await adminApi.getWorkCalendar(year.value);
    showNotice(calendar.missingHolidayYears || []);
    replaceChildren(rows, calendar.days.length === 0
      ? el('tr', {}, el('td', { colspan: '5' }, t('admin.calendar.empty', { year: year.value })))
      : calendar.days.map((d) => {
        const remove = el('button', { type: 'button', 'data-action': 'delete-day' }, t('admin.calendar.delete'));
        remove.addEventListener('click', async () => {
          if (!window.confirm(t('admin.calendar.confirmDelete', { day: d.day }))) return;
          try {
            await adminApi.deleteCalendarDay(d.day);
            toast(t('admin.calendar.deleted', { day: d.day }));
            await refresh();
          } catch (e) {
            toast(e.message, 'error');
          }
        });
        return el('tr', { dataset: { day: d.day, kind: d.kind } }, el('td', {}, d.day),
          el('td', {}, t(`admin.calendar.kind.${d.kind}`)), el('td', {}, d.nameZh), el('td', {}, d.nameEn), el('td', {}, remove));
      }));
  }
  year.addEventListener('change', () => refresh().catch((e) => toast(e.message, 'error')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    save.disabled = true;
    const typed = day.value.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(typed)) {
      error.textContent = t('admin.calendar.dayInvalid');
      error.hidden = false;
      save.disabled = false;
      return;
    }
    try {
      await adminApi.putCalendarDay(typed, { kind: kind.value, nameZh: nameZh.value, nameEn: nameEn.value });
      toast(t('admin.calendar.saved', { day: typed }));
      // Show the year of the day just saved.
      if (/^\d{4}-/.test(typed) && [...year.options].some((o) => o.value === typed.slice(0, 4))) year.value = typed.slice(0, 4);
      day.value = '';
      await refresh();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  return refresh();
}
