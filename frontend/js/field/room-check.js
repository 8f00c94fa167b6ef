// Room checks on the phone page: when the inspection sheet shows a key unit's room-check form, this
// module checks the counts before the form is saved (a part never above its whole) and shows the
// unit's rates as they are typed. It watches the sheet, so field/main.js and field/form.js stay as
// they are; field.html loads it with one script line.
import { t } from '../i18n.js';
import { element } from '../panels/cards.js';
import { roomCheckProblems, roomRates } from '../lib/room-check.js';

const sheet = document.getElementById('sheet');

function values(form) {
  const out = {};
  for (const input of form.querySelectorAll('fieldset.outcome-field input[type=number]')) {
    const n = Number.parseInt(input.value, 10);
    if (Number.isFinite(n)) out[input.name] = n;
  }
  return out;
}

function label(form, key) {
  const legend = form.querySelector(`fieldset[data-key="${CSS.escape(key)}"] legend`);
  return legend ? legend.textContent : key;
}

function attach(form) {
  if (form.dataset.roomCheck) return;
  form.dataset.roomCheck = 'on';
  const rates = element('p', { class: 'help room-check-rates', 'aria-live': 'polite' });
  const buttons = form.querySelector('.sheet-buttons');
  form.insertBefore(rates, buttons);
  const show = () => {
    const r = roomRates(values(form));
    const parts = Object.entries(r).filter(([, v]) => v !== null)
      .map(([k, v]) => t(`roomCheck.rate.${k}`, { value: v.toFixed(1) }));
    rates.textContent = parts.join(t('density.list.separator'));
  };
  form.addEventListener('input', show);
  form.addEventListener('click', () => setTimeout(show, 0));
}

if (sheet) {
  // Capture: runs before form.js's own submit handler, which would otherwise store the record.
  sheet.addEventListener('submit', (e) => {
    const form = e.target;
    if (!form.querySelector || !form.querySelector('fieldset[data-key="roomsChecked"]')) return;
    const problems = roomCheckProblems(values(form));
    if (problems.length === 0) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const p = problems[0];
    const error = form.querySelector('.form-error');
    error.textContent = t(`roomCheck.${p.kind}`, { field: label(form, p.field), whole: label(form, p.whole) });
    error.hidden = false;
  }, true);
  new MutationObserver(() => {
    const form = sheet.querySelector('form.inspection-form');
    if (form && form.querySelector('fieldset[data-key="roomsChecked"]')) attach(form);
  }).observe(sheet, { childList: true });
}
