// Point features: add one by choosing its type and clicking the map, edit its attributes, remove it.
// (Moving is done on the map itself: the feature layer's drag handle.)
import * as api from '../api.js';
import { featureBody } from '../lib/bodies.js';
import { addCard, button, element, field } from './cards.js';

export function mountFeaturePanel(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'feature-panel', t('panel.features'));
  const form = element('form', { class: 'feature-form', novalidate: true });
  const title = element('h3', {}, t('feature.addTitle'));
  const type = element('select', { name: 'type' });
  for (const ft of ctx.featureTypes) type.append(element('option', { value: ft.key }, ctx.featureTypeLabel(ft.key)));
  const name = element('input', { name: 'name' });
  const code = element('input', { name: 'code' });
  const address = element('input', { name: 'address' });
  const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
  const place = element('button', { type: 'submit', class: 'primary', 'data-action': 'feature-place' }, t('feature.place'));
  const cancel = button(t('feature.cancelEdit'), { 'data-action': 'feature-cancel', hidden: true });
  const buttons = element('div', { class: 'form-buttons' });
  buttons.append(place, cancel);
  form.append(title, field(t('feature.type'), type), field(t('feature.name'), name), field(t('feature.code'), code),
    field(t('feature.address'), address), error, buttons);
  body.append(form);

  let editing = null; // the feature being edited, or null when the form adds

  function reset() {
    editing = null;
    title.textContent = t('feature.addTitle');
    place.textContent = t('feature.place');
    cancel.hidden = true;
    type.disabled = false;
    for (const input of [name, code, address]) input.value = '';
    error.hidden = true;
  }

  function fields() {
    const clean = (input) => (input.value.trim() === '' ? null : input.value.trim());
    return { type: type.value, name: clean(name), code: clean(code), address: clean(address) };
  }

  function showError(e) {
    error.textContent = e.message;
    error.hidden = false;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (editing) {
      try {
        await api.updateFeature(editing.id, featureBody(editing, editing.geometry.coordinates, fields()));
        ctx.toast(t('feature.saved'));
        reset();
        ctx.emit('features-changed', {});
      } catch (err) {
        showError(err);
      }
      return;
    }
    ctx.toast(t('feature.pickHint'));
    place.disabled = true;
    const at = await ctx.layers.features.pickLocation();
    place.disabled = false;
    if (!at) return;
    const f = fields();
    try {
      await api.createFeature({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { ...f, attributes: {} } });
      ctx.toast(t('feature.added', { type: ctx.featureTypeLabel(f.type) }));
      ctx.emit('features-changed', {});
    } catch (err) {
      showError(err);
    }
  });
  cancel.addEventListener('click', reset);

  ctx.on('feature-action', async ({ action, feature }) => {
    const p = feature.properties;
    if (action === 'edit') {
      editing = feature;
      title.textContent = t('feature.editTitle', { id: feature.id });
      place.textContent = t('feature.save');
      cancel.hidden = false;
      type.value = p.type;
      name.value = p.name || '';
      code.value = p.code || '';
      address.value = p.address || '';
      error.hidden = true;
      name.focus();
    } else if (action === 'remove') {
      if (!window.confirm(t('feature.confirmRemove', { name: p.name || `#${feature.id}` }))) return;
      try {
        await api.deleteFeature(feature.id);
        ctx.toast(t('feature.removed'));
        ctx.emit('features-changed', {});
      } catch (err) {
        ctx.toast(err.message, 'error');
      }
    }
  });
}
