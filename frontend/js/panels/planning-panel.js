// Planning tools: choose a large grid, a tool and its parameters, see the proposal on the map with
// each grid's area, street length, stops and balance flags, edit it if needed (move vertices, merge
// two proposed grids, change codes and names), then accept it (stored all at once, or refused with
// the reason shown here) or discard it.
import * as api from '../api.js';
import { formatArea } from '../lib/format.js';
import { addCard, button, element, field } from './cards.js';

const TOOLS = ['divideStreets', 'divideArea', 'split', 'merge', 'clean', 'renumber', 'balance'];
/** Which parameter fields each tool shows. */
const FIELDS = {
  divideStreets: ['minAreaM2'], divideArea: ['targetAreaM2'], split: ['picked'], merge: ['picked'],
  clean: ['maxSliverM2'], renumber: ['prefix'], balance: [],
};

export function mountPlanningPanel(ctx, sidebar) {
  const { t, language } = ctx;
  const planning = ctx.layers.planning;
  const body = addCard(sidebar, 'planning-panel', t('panel.planning'));
  const parent = element('select', { name: 'planningParent' });
  const tool = element('select', { name: 'planningTool' });
  for (const key of TOOLS) tool.append(element('option', { value: key }, t(`planning.tool.${key}`)));
  // Split and merge take their grids by clicks on the map, never typed codes.
  const pickButton = button(t('planning.pick.start'), { 'data-action': 'planning-pick' });
  const pickedList = element('ul', { class: 'planning-picked-list' });
  const pickedBox = element('div', { class: 'planning-picked' });
  pickedBox.append(pickedList, pickButton);
  const inputs = {
    picked: pickedBox,
    targetAreaM2: element('input', { name: 'planningTargetArea', type: 'number', min: '100', value: '10000' }),
    minAreaM2: element('input', { name: 'planningMinArea', type: 'number', min: '0', value: '2000' }),
    maxSliverM2: element('input', { name: 'planningMaxSliver', type: 'number', min: '0', step: '0.1', value: '5' }),
    prefix: element('input', { name: 'planningPrefix', placeholder: '440304001001', maxlength: '12' }),
  };
  const labels = {};
  for (const [key, input] of Object.entries(inputs)) labels[key] = field(t(`planning.field.${key}`), input);
  // Not a <label>: a click on the list would press its first button.
  labels.picked = element('div', { class: 'field' });
  labels.picked.append(element('span', {}, t('planning.field.picked')), pickedBox);
  let picked = []; // GeoJSON features of the grids clicked for split (one) or merge (two or more)
  let stopPicking = null;
  const propose = button(t('planning.propose'), { class: 'primary', 'data-action': 'planning-propose' });
  const accept = button(t('planning.accept'), { class: 'primary', 'data-action': 'planning-accept', hidden: true });
  const discard = button(t('planning.discard'), { 'data-action': 'planning-discard', hidden: true });
  const edit = button(t('planning.edit'), { 'data-action': 'planning-edit', hidden: true });
  const mergeSelected = button(t('planning.mergeSelected'), { 'data-action': 'planning-merge-selected', hidden: true });
  const summary = element('p', { class: 'planning-summary', hidden: true });
  const hint = element('p', { class: 'planning-hint', hidden: true }, t('planning.editHint'));
  const editedNote = element('p', { class: 'planning-edited', hidden: true }, t('planning.edited'));
  const error = element('p', { class: 'planning-error', role: 'alert', hidden: true });
  const table = element('table', { class: 'planning-table', hidden: true });
  body.append(field(t('planning.field.parent'), parent), field(t('planning.field.tool'), tool),
    ...Object.values(labels), element('div', { class: 'actions' }), summary, hint, editedNote, error, table);
  body.querySelector('.actions').append(propose, edit, mergeSelected, accept, discard);

  // { run(apply), result, replaces: stored codes the proposal replaces, edited: changed by the planner }
  let current = null;
  planning.onEdit(() => markEdited());

  api.getGrids({ level: 'large' }).then((collection) => {
    for (const f of collection.features) {
      parent.append(element('option', { value: f.properties.code }, `${f.properties.code} ${f.properties.name}`));
    }
  }).catch((e) => ctx.toast(e.message, 'error'));

  const showFields = () => {
    for (const [key, label] of Object.entries(labels)) label.hidden = !FIELDS[tool.value].includes(key);
  };
  tool.addEventListener('change', () => { reset(); endPicking(); setPicked([]); showFields(); });

  function setPicked(features) {
    picked = features;
    pickedList.replaceChildren(...picked.map((f) => {
      const remove = button('×', { class: 'planning-unpick', 'aria-label': t('planning.pick.remove', { code: f.properties.code }) });
      remove.addEventListener('click', () => setPicked(picked.filter((g) => g !== f)));
      return element('li', { 'data-code': f.properties.code }, `${f.properties.code} ${f.properties.name || ''} `, remove);
    }));
    if (picked.length === 0) pickedList.append(element('li', { class: 'help' }, t(tool.value === 'split' ? 'planning.pick.noneSplit' : 'planning.pick.noneMerge')));
    ctx.layers.grids.showPicked(picked);
  }

  function endPicking() {
    if (stopPicking) { stopPicking(); stopPicking = null; }
    pickButton.textContent = t('planning.pick.start');
    pickButton.classList.remove('active');
    ctx.layers.grids.showPicked(picked);
  }

  pickButton.addEventListener('click', () => {
    if (stopPicking) { endPicking(); return; }
    clearError();
    pickButton.textContent = t('planning.pick.done');
    pickButton.classList.add('active');
    ctx.toast(t(tool.value === 'split' ? 'planning.pick.hintSplit' : 'planning.pick.hintMerge'));
    stopPicking = ctx.layers.grids.pickGrids((feature) => {
      if (feature.properties.level !== 'small') {
        error.textContent = t('planning.pick.smallOnly', { code: feature.properties.code });
        error.hidden = false;
        return;
      }
      clearError();
      const code = feature.properties.code;
      if (tool.value === 'split') setPicked([feature]);
      else if (picked.some((f) => f.properties.code === code)) setPicked(picked.filter((f) => f.properties.code !== code));
      else setPicked([...picked, feature]);
    });
  });
  setPicked([]);
  parent.addEventListener('change', reset);
  showFields();

  function reset() {
    current = null;
    planning.clear();
    summary.hidden = true;
    table.hidden = true;
    accept.hidden = true;
    discard.hidden = true;
    edit.hidden = true;
    mergeSelected.hidden = true;
    hint.hidden = true;
    editedNote.hidden = true;
    clearError();
  }

  function clearError() {
    error.hidden = true;
    error.textContent = '';
    planning.clearProblem();
  }

  function markEdited() {
    if (!current) return;
    current.edited = true;
    editedNote.hidden = false;
    clearError();
  }

  /** The stored grids a proposal replaces: those it removes and those its grids come from. */
  function replacedCodes(result) {
    const codes = new Set(result.removedCodes || []);
    for (const f of result.features) if (f.properties.previousCode) codes.add(f.properties.previousCode);
    return [...codes];
  }

  /** The proposal as the planner edited it, for the service to check and store. */
  function editedProposal() {
    const keys = ['code', 'name', 'level', 'parentCode', 'responsiblePerson', 'phone', 'previousCode'];
    return {
      type: 'FeatureCollection',
      tool: current.result.tool,
      replaces: current.replaces,
      features: planning.features().map((f) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: Object.fromEntries(keys.filter((k) => f.properties[k] != null).map((k) => [k, f.properties[k]])),
      })),
    };
  }

  /** The request of the chosen tool, as a function of apply; the split line is drawn first. */
  async function request() {
    const number = (input) => (input.value === '' ? undefined : Number(input.value));
    const code = parent.value;
    switch (tool.value) {
      case 'divideStreets': return (apply) => api.divideGrid(code, { method: 'streets', minAreaM2: number(inputs.minAreaM2) }, apply);
      case 'divideArea': return (apply) => api.divideGrid(code, { method: 'area', targetAreaM2: number(inputs.targetAreaM2) }, apply);
      case 'clean': return (apply) => api.cleanGrids({ maxSliverM2: number(inputs.maxSliverM2), parent: code }, apply);
      case 'renumber': return (apply) => api.renumberGrids({ parent: code, prefix: inputs.prefix.value.trim() || undefined }, apply);
      case 'merge': {
        const codes = picked.map((f) => f.properties.code);
        if (codes.length < 2) throw new Error(t('planning.pick.noneMerge'));
        endPicking();
        return (apply) => api.mergeGrids(codes, apply);
      }
      case 'split': {
        if (picked.length !== 1) throw new Error(t('planning.pick.noneSplit'));
        endPicking();
        const grid = picked[0].properties.code;
        ctx.toast(t('planning.drawLine'));
        const line = await planning.drawLine();
        return (apply) => api.splitGrid(grid, line, apply);
      }
      default: return () => api.getBalance(code);
    }
  }

  propose.addEventListener('click', async () => {
    propose.disabled = true;
    try {
      const run = await request();
      const result = await run(false);
      current = { run, result, replaces: replacedCodes(result), edited: false };
      render(result);
    } catch (e) {
      ctx.toast(e.message, 'error');
    } finally {
      propose.disabled = false;
    }
  });

  accept.addEventListener('click', async () => {
    if (!current) return;
    accept.disabled = true;
    clearError();
    try {
      const result = current.edited ? await api.applyEditedProposal(editedProposal()) : await current.run(true);
      ctx.toast(t('planning.applied', { count: result.features.length }));
      reset();
      setPicked([]);
      ctx.emit('grids-changed', {});
    } catch (e) {
      // The service's reason, in the page's language, stays next to the proposal it is about.
      error.textContent = t('planning.refused', { detail: e.message });
      error.hidden = false;
      const p = e.problem || {};
      const named = [p.proposedGrid, p.otherProposedGrid, ...(p.proposedGrids || [])].filter(Boolean);
      planning.showProblem(named, e.location || null);
    } finally {
      accept.disabled = false;
    }
  });

  discard.addEventListener('click', reset);

  edit.addEventListener('click', () => {
    if (!current) return;
    if (planning.isEditing()) {
      planning.stopEditing();
    } else {
      planning.startEditing();
    }
    const on = planning.isEditing();
    edit.textContent = t(on ? 'planning.editStop' : 'planning.edit');
    mergeSelected.hidden = !on;
    hint.hidden = !on;
    renderTable();
  });

  mergeSelected.addEventListener('click', () => {
    const picked = [...table.querySelectorAll('input[name=planningSelect]:checked')].map((c) => c.value);
    if (picked.length !== 2) {
      error.textContent = t('planning.mergeNeedsTwo');
      error.hidden = false;
      return;
    }
    if (!planning.merge(picked[0], picked[1])) {
      error.textContent = t('planning.mergeRefused', { a: picked[0], b: picked[1] });
      error.hidden = false;
      return;
    }
    renderTable();
  });

  function render(result) {
    planning.show(result);
    const flagged = result.features.filter((f) => (f.properties.flags || []).length).length;
    const applied = (result.changes || []).filter((c) => c.applied).length;
    summary.textContent = t('planning.summary', {
      count: result.features.length, removed: (result.removedCodes || []).length, flagged, slivers: applied,
    });
    summary.hidden = false;
    renderTable();
    const storable = result.tool !== 'balance' && (result.features.length > 0 || (result.removedCodes || []).length > 0);
    accept.hidden = !storable;
    edit.hidden = !storable;
    edit.textContent = t('planning.edit');
    discard.hidden = false;
  }

  /** The proposed grids as they are now; while editing, with a merge tick box and code and name fields. */
  function renderTable() {
    const editing = planning.isEditing();
    const features = planning.features();
    const head = element('tr');
    const columns = editing ? ['select', 'code', 'name', 'area', 'streetLength', 'stops', 'flags']
      : ['code', 'area', 'streetLength', 'stops', 'flags'];
    for (const key of columns) head.append(element('th', {}, t(`planning.column.${key}`)));
    table.replaceChildren(head, ...features.map((f) => {
      const p = f.properties;
      const row = element('tr', { 'data-code': p.code, 'data-change': p.change, class: (p.flags || []).length ? 'flagged' : null });
      if (editing) {
        const select = element('input', { type: 'checkbox', name: 'planningSelect', value: p.code });
        const code = element('input', { name: 'planningCode', value: p.code, size: '14' });
        const name = element('input', { name: 'planningName', value: p.name || '', size: '12' });
        code.addEventListener('change', () => {
          p.code = code.value.trim();
          row.dataset.code = p.code;
          select.value = p.code;
          markEdited();
        });
        name.addEventListener('change', () => {
          p.name = name.value.trim();
          markEdited();
        });
        row.append(element('td', {}), element('td', {}), element('td', {}));
        row.children[0].append(select);
        row.children[1].append(code);
        row.children[2].append(name);
      } else {
        row.append(element('td', {}, p.code));
      }
      row.append(element('td', {}, formatArea(p.areaM2, language)),
        element('td', {}, `${Math.round(p.streetLengthM)}`), element('td', {}, String(p.stops)),
        element('td', {}, (p.flags || []).map((k) => t(`planning.flag.${k}`)).join('、')));
      return row;
    }));
    table.hidden = features.length === 0;
  }
}
