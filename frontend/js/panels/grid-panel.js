// Planners' grid work: the form for a new drawing, editing a grid's attributes or vertices, and
// deleting a grid. Refusals from the service are shown in the form and next to the drawing.
import * as api from '../api.js';
import { getNextGridCode } from '../grid-api.js';
import { gridBody } from '../lib/bodies.js';
import { geometryBbox } from '../lib/viewport.js';
import { addCard, button, element, field } from './cards.js';

export function mountGridPanel(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'grid-panel', t('panel.grids'));
  const help = element('p', { class: 'help' }, t('grid.drawHelp'));
  const formHost = element('div', { class: 'form-host' });
  body.append(help, formHost);
  let close = () => {};

  ctx.on('draft-created', ({ draft }) => {
    close();
    close = openForm({
      title: t('grid.newTitle'),
      values: { level: 'small', parentCode: parentAt(draft.center()) },
      onSave: async (fields) => {
        await api.createGrid(gridBody(draft.geometry(), fields));
        draft.remove();
        ctx.toast(t('grid.saved', { code: fields.code }));
      },
      onError: (e) => draft.showError(e.message, e.location),
      onCancel: () => draft.remove(),
      cancelLabel: t('grid.discard'),
    });
  });

  ctx.on('grid-action', ({ action, feature }) => {
    const p = feature.properties;
    if (action === 'edit') {
      close();
      close = openForm({
        title: t('grid.editTitle', { code: p.code }),
        values: p,
        editing: true,
        onSave: async (fields) => {
          await api.updateGrid(p.code, gridBody(feature.geometry, { ...fields, version: p.version }));
          ctx.toast(t('grid.saved', { code: p.code }));
        },
      });
    } else if (action === 'shape') {
      close();
      const session = ctx.layers.grids.startShapeEdit(p.code);
      if (!session) return;
      close = openForm({
        title: t('grid.shapeTitle', { code: p.code }),
        hint: t('grid.shapeHelp'),
        values: p,
        shapeOnly: true,
        onSave: async () => {
          await api.updateGrid(p.code, gridBody(session.geometry(), { ...p, version: p.version }));
          session.stop();
          ctx.toast(t('grid.saved', { code: p.code }));
        },
        onError: (e) => session.showError(e.message, e.location),
        onCancel: () => session.stop(),
      });
    } else if (action === 'delete') {
      deleteGrid(p);
    }
  });

  async function deleteGrid(p) {
    if (!window.confirm(t('grid.confirmDelete', { code: p.code, name: p.name }))) return;
    try {
      await api.deleteGrid(p.code);
    } catch (e) {
      if (e.code !== 'grid.delete.hasChildren') { ctx.toast(e.message, 'error'); return; }
      if (!window.confirm(t('grid.confirmCascade', { code: p.code, count: e.problem.smallGridCount }))) return;
      try {
        await api.deleteGrid(p.code, true);
      } catch (again) {
        ctx.toast(again.message, 'error');
        return;
      }
    }
    ctx.toast(t('grid.deleted', { code: p.code }));
    ctx.emit('grids-changed', {});
  }

  /** The large grid whose box holds [lon, lat], as a default parent for a new small grid. */
  function parentAt([lon, lat]) {
    const hit = ctx.layers.grids.largeGrids().find((f) => {
      const [x0, y0, x1, y1] = geometryBbox(f.geometry);
      return lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1;
    });
    return hit ? hit.properties.code : '';
  }

  /**
   * Shows the grid form; returns a function that closes it (cancelling what it was for).
   * onSave(fields) stores; a thrown ApiError is shown in the form and passed to onError.
   */
  function openForm({ title, hint, values, editing = false, shapeOnly = false, onSave, onError = () => {}, onCancel = () => {}, cancelLabel }) {
    formHost.replaceChildren();
    help.hidden = true;
    const form = element('form', { class: 'grid-form', novalidate: true });
    form.append(element('h3', {}, title));
    if (hint) form.append(element('p', { class: 'help' }, hint));

    const level = element('select', { name: 'level', disabled: editing || shapeOnly });
    for (const key of ['large', 'small']) level.append(element('option', { value: key }, t(`grid.${key}`)));
    level.value = values.level || 'small';
    const parent = element('select', { name: 'parentCode', disabled: shapeOnly });
    parent.append(element('option', { value: '' }, t('grid.parent.choose')));
    for (const f of ctx.layers.grids.largeGrids()) {
      parent.append(element('option', { value: f.properties.code }, `${f.properties.code} ${f.properties.name}`));
    }
    parent.value = values.parentCode || '';
    const inputs = {
      code: element('input', { name: 'code', value: values.code || '', readonly: editing || shapeOnly, required: true }),
      name: element('input', { name: 'name', value: values.name || '', readonly: shapeOnly, required: true }),
      responsiblePerson: element('input', { name: 'responsiblePerson', value: values.responsiblePerson || '', readonly: shapeOnly }),
      phone: element('input', { name: 'phone', type: 'tel', value: values.phone || '', readonly: shapeOnly }),
    };
    const parentField = field(t('grid.parent'), parent);
    const syncParent = () => { parentField.hidden = level.value !== 'small'; };
    level.addEventListener('change', syncParent);
    syncParent();
    // A new grid is offered the next free code under its parent; the planner may type another. The
    // suggestion follows level and parent changes until the planner types their own.
    let suggested = null;
    let typed = false; // the planner typed in the code field: their code stands
    inputs.code.addEventListener('input', () => { typed = true; });
    const suggest = async () => {
      const under = level.value === 'small' ? parent.value : '';
      if (level.value === 'small' && !under) return;
      try {
        const code = await getNextGridCode(under);
        // An empty field always takes it; a code the planner typed is never replaced.
        if (inputs.code.value === '' || (!typed && inputs.code.value === suggested)) {
          inputs.code.value = code;
          suggested = code;
          inputs.code.dataset.suggested = code;
        }
      } catch {
        // No suggestion (the parent vanished meanwhile): the planner types the code, as before.
      }
    };
    if (!editing && !shapeOnly) {
      level.addEventListener('change', suggest);
      parent.addEventListener('change', suggest);
      suggest();
    }
    if (!shapeOnly) {
      form.append(field(t('grid.level'), level), field(t('grid.code'), inputs.code), field(t('grid.name'), inputs.name),
        parentField, field(t('grid.person'), inputs.responsiblePerson), field(t('grid.phone'), inputs.phone));
    }
    const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
    const save = element('button', { type: 'submit', class: 'primary', 'data-action': 'grid-save' }, t(shapeOnly ? 'grid.saveShape' : 'grid.save'));
    const cancel = button(cancelLabel || t('grid.cancel'), { 'data-action': 'grid-cancel' });
    const buttons = element('div', { class: 'form-buttons' });
    buttons.append(save, cancel);
    form.append(error, buttons);
    formHost.append(form);
    (shapeOnly ? save : inputs.code.readOnly ? inputs.name : inputs.code).focus();

    let open = true;
    const finish = () => {
      open = false;
      formHost.replaceChildren();
      help.hidden = false;
    };
    cancel.addEventListener('click', () => { finish(); onCancel(); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.hidden = true;
      save.disabled = true;
      const fields = {
        level: level.value,
        parentCode: level.value === 'small' ? parent.value : '',
        code: inputs.code.value, name: inputs.name.value,
        responsiblePerson: inputs.responsiblePerson.value, phone: inputs.phone.value,
      };
      try {
        await onSave(fields);
        finish();
        ctx.emit('grids-changed', {});
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        onError(err);
      } finally {
        save.disabled = false;
      }
    });
    return () => { if (open) { finish(); onCancel(); } };
  }
}
