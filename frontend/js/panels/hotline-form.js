// Hotline entry (热线登记): staff type in a 12345 call. Click the map to place it, then class, text,
// the caller's name and phone (kept for staff, never published). Resolves with the new case or null.
import * as caseApi from '../case-api.js';
import { className } from '../lib/cases.js';
import { el, replaceChildren } from '../lib/dom.js';
import { button, element, field } from './cards.js';

export async function openHotlineForm(ctx, box, lookups) {
  const { t } = ctx;
  replaceChildren(box, el('p', { class: 'help case-pick-hint' }, t('case.hotlinePick')));
  box.hidden = false;
  const at = await ctx.layers.features.pickLocation();
  if (!at) { box.hidden = true; return null; }

  const classSelect = element('select', { name: 'hotline-class' });
  classSelect.append(element('option', { value: '' }, t('case.chooseClass')));
  for (const c of lookups.classes) classSelect.append(element('option', { value: c.code }, className(c, ctx.language)));
  const text = element('textarea', { name: 'hotline-text', rows: '3' });
  const name = element('input', { name: 'hotline-name', autocomplete: 'off' });
  const phone = element('input', { name: 'hotline-phone', type: 'tel', autocomplete: 'off' });
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = button(t('case.hotlineSave'), { class: 'primary', 'data-action': 'hotline-save' });
  const cancel = button(t('case.cancel'), { 'data-action': 'hotline-cancel' });
  replaceChildren(box, el('h4', {}, t('case.hotline')),
    el('p', { class: 'help' }, t('case.placedAt', { lon: at[0].toFixed(5), lat: at[1].toFixed(5) })),
    field(t('case.class'), classSelect), field(t('case.description'), text), field(t('case.reporterName'), name),
    field(t('case.reporterPhone'), phone), error, el('div', { class: 'form-buttons' }, save, cancel));
  classSelect.focus();

  return new Promise((resolve) => {
    const close = (value) => { box.hidden = true; replaceChildren(box); resolve(value); };
    cancel.addEventListener('click', () => close(null));
    save.addEventListener('click', async () => {
      error.hidden = true;
      if (!classSelect.value) { error.textContent = t('case.needClass'); error.hidden = false; return; }
      save.disabled = true;
      try {
        const created = await caseApi.postCase({
          clientId: crypto.randomUUID(), source: 'hotline', classCode: classSelect.value,
          lon: round7(at[0]), lat: round7(at[1]),
          description: text.value.trim() || null, reporterName: name.value.trim() || null, reporterPhone: phone.value.trim() || null,
        });
        ctx.toast(t('case.hotlineSaved', { number: created.number }));
        close(created);
      } catch (e) {
        save.disabled = false;
        error.textContent = e.message;
        error.hidden = false;
      }
    });
  });
}

function round7(v) {
  return Math.round(v * 1e7) / 1e7;
}
