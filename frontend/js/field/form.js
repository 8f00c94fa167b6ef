// The inspection form, built from a feature type's inspectionFields: yes/no as two big toggles,
// integers as a stepper, enums as a row of buttons. Plain DOM; no Leaflet, no requests.
import { element } from '../panels/cards.js';

/**
 * Builds the form into `container` and resolves with { outcome, note, photo (File or null) } when saved, or null when
 * cancelled. Unanswered fields are left out of the outcome (the service validates what is there).
 *
 * @param {HTMLElement} container the sheet to fill
 * @param {object} options title, subtitle (e.g. where), fields (inspectionFields), language, t
 */
export function openInspectionForm(container, { title, subtitle, fields, language, t }) {
  const label = (item) => (language === 'en' ? item.labelEn || item.labelZh : item.labelZh || item.labelEn) || item.key || item.value;
  const values = {};
  const form = element('form', { class: 'inspection-form', novalidate: true });
  form.append(element('h2', {}, title));
  if (subtitle) form.append(element('p', { class: 'help form-where' }, subtitle));

  for (const f of fields || []) {
    const row = element('fieldset', { class: `outcome-field kind-${f.kind}`, 'data-key': f.key });
    row.append(element('legend', {}, label(f)));
    if (f.kind === 'boolean') {
      const group = element('div', { class: 'toggle-group' });
      for (const [value, text] of [[true, t('field.yes')], [false, t('field.no')]]) {
        const b = element('button', { type: 'button', class: 'toggle', 'data-value': String(value), 'aria-pressed': 'false' }, text);
        b.addEventListener('click', () => {
          values[f.key] = values[f.key] === value ? undefined : value; // a second tap clears the answer
          for (const other of group.children) other.setAttribute('aria-pressed', String(other === b && values[f.key] === value));
        });
        group.append(b);
      }
      row.append(group);
    } else if (f.kind === 'integer') {
      const min = Number.isFinite(f.min) ? f.min : 0;
      const max = Number.isFinite(f.max) ? f.max : null;
      const input = element('input', { type: 'number', inputmode: 'numeric', min: String(min), max: max === null ? undefined : String(max), step: '1', placeholder: '–', name: f.key });
      const set = (v) => {
        if (v === undefined) { values[f.key] = undefined; input.value = ''; return; }
        const bounded = Math.max(min, max === null ? v : Math.min(max, v));
        values[f.key] = bounded;
        input.value = String(bounded);
      };
      const minus = element('button', { type: 'button', class: 'step', 'data-step': '-1', 'aria-label': '−' }, '−');
      const plus = element('button', { type: 'button', class: 'step', 'data-step': '1', 'aria-label': '+' }, '+');
      minus.addEventListener('click', () => set(values[f.key] === undefined ? min : values[f.key] - 1));
      plus.addEventListener('click', () => set(values[f.key] === undefined ? min + 1 : values[f.key] + 1));
      input.addEventListener('input', () => {
        const n = Number.parseInt(input.value, 10);
        values[f.key] = Number.isFinite(n) ? n : undefined;
      });
      input.addEventListener('change', () => set(values[f.key]));
      const stepper = element('div', { class: 'stepper' });
      stepper.append(minus, input, plus);
      row.append(stepper);
    } else if (f.kind === 'enum') {
      const group = element('div', { class: 'choice-group' });
      for (const option of f.options || []) {
        const b = element('button', { type: 'button', class: 'choice', 'data-value': option.value, 'aria-pressed': 'false' }, label(option));
        b.addEventListener('click', () => {
          values[f.key] = values[f.key] === option.value ? undefined : option.value;
          for (const other of group.children) other.setAttribute('aria-pressed', String(other === b && values[f.key] === option.value));
        });
        group.append(b);
      }
      row.append(group);
    } else if (f.kind === 'number') {
      const input = element('input', { type: 'number', inputmode: 'decimal', step: 'any', name: f.key, class: 'big-input',
        min: Number.isFinite(f.min) ? String(f.min) : undefined, max: Number.isFinite(f.max) ? String(f.max) : undefined });
      input.addEventListener('input', () => {
        const n = Number.parseFloat(input.value);
        values[f.key] = Number.isFinite(n) ? n : undefined;
      });
      row.append(input);
    } else {
      // Text, or a kind this page does not know yet: sent as typed.
      const input = element('input', { type: 'text', name: f.key, class: 'big-input' });
      input.addEventListener('input', () => { values[f.key] = input.value === '' ? undefined : input.value; });
      row.append(input);
    }
    form.append(row);
  }

  const note = element('textarea', { name: 'note', rows: '2', placeholder: t('field.notePlaceholder') });
  const noteField = element('label', { class: 'big-field' });
  noteField.append(element('span', {}, t('field.note')), note);
  // The camera (or a picture from the phone) through a big label; the input itself is hidden.
  const photo = element('input', { type: 'file', accept: 'image/jpeg,image/png,image/*', capture: 'environment', name: 'photo', class: 'photo-input' });
  const photoButton = element('label', { class: 'big photo-button', 'data-action': 'inspection-photo' });
  const photoText = element('span', {}, t('field.photo'));
  photoButton.append(photo, photoText);
  photo.addEventListener('change', () => {
    photoText.textContent = photo.files.length ? t('field.photoChosen', { name: photo.files[0].name }) : t('field.photo');
  });
  const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = element('button', { type: 'submit', class: 'big primary', 'data-action': 'inspection-save' }, t('field.save'));
  const cancel = element('button', { type: 'button', class: 'big', 'data-action': 'inspection-cancel' }, t('field.cancel'));
  const buttons = element('div', { class: 'sheet-buttons' });
  buttons.append(cancel, save);
  form.append(noteField, photoButton, error, buttons);
  container.replaceChildren(form);
  container.hidden = false;
  container.scrollTop = 0;

  return new Promise((resolve) => {
    const close = (result) => {
      container.hidden = true;
      container.replaceChildren();
      resolve(result);
    };
    cancel.addEventListener('click', () => close(null));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const outcome = {};
      for (const f of fields || []) {
        const v = values[f.key];
        if (v === undefined) continue;
        if (f.kind === 'number' && ((Number.isFinite(f.min) && v < f.min) || (Number.isFinite(f.max) && v > f.max))) {
          error.textContent = t('field.badNumber', { field: label(f) });
          error.hidden = false;
          return;
        }
        if (f.kind === 'integer' && (!Number.isInteger(v) || (Number.isFinite(f.min) && v < f.min))) {
          error.textContent = t('field.badInteger', { field: label(f), min: Number.isFinite(f.min) ? f.min : 0 });
          error.hidden = false;
          return;
        }
        outcome[f.key] = v;
      }
      if ((fields || []).length > 0 && Object.keys(outcome).length === 0 && note.value.trim() === '' && !photo.files.length) {
        error.textContent = t('field.nothingAnswered');
        error.hidden = false;
        return;
      }
      close({ outcome, note: note.value.trim() || null, photo: photo.files.length ? photo.files[0] : null });
    });
  });
}

/** A sheet with one big button per choice (e.g. feature types); resolves with the value or null. */
export function openChoiceSheet(container, { title, subtitle, choices, t }) {
  const list = element('div', { class: 'choice-list' });
  const cancel = element('button', { type: 'button', class: 'big', 'data-action': 'choice-cancel' }, t('field.cancel'));
  const heading = [element('h2', {}, title)];
  if (subtitle) heading.push(element('p', { class: 'help form-where' }, subtitle));
  container.replaceChildren(...heading, list, cancel);
  container.hidden = false;
  return new Promise((resolve) => {
    const close = (v) => { container.hidden = true; container.replaceChildren(); resolve(v); };
    for (const c of choices) {
      const b = element('button', { type: 'button', class: 'big choice-item', 'data-value': c.value }, c.label);
      if (c.color) b.style.borderLeft = `8px solid ${c.color}`;
      b.addEventListener('click', () => close(c.value));
      list.append(b);
    }
    cancel.addEventListener('click', () => close(null));
  });
}
