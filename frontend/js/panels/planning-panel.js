// Planning tools: choose a large grid, a tool and its parameters, see the proposal on the map with
// each grid's area, street length, stops and balance flags, then accept it (stored all at once) or
// discard it.
import * as api from '../api.js';
import { formatArea } from '../lib/format.js';
import { addCard, button, element, field } from './cards.js';

const TOOLS = ['divideStreets', 'divideArea', 'split', 'merge', 'clean', 'renumber', 'balance'];
/** Which parameter fields each tool shows. */
const FIELDS = {
  divideStreets: ['minAreaM2'], divideArea: ['targetAreaM2'], split: ['grid'], merge: ['codes'],
  clean: ['maxSliverM2'], renumber: ['prefix'], balance: [],
};

export function mountPlanningPanel(ctx, sidebar) {
  const { t, language } = ctx;
  const planning = ctx.layers.planning;
  const body = addCard(sidebar, 'planning-panel', t('panel.planning'));
  const parent = element('select', { name: 'planningParent' });
  const tool = element('select', { name: 'planningTool' });
  for (const key of TOOLS) tool.append(element('option', { value: key }, t(`planning.tool.${key}`)));
  const inputs = {
    grid: element('input', { name: 'planningGrid', placeholder: 'JNS-01-001' }),
    codes: element('input', { name: 'planningCodes', placeholder: 'JNS-01-001, JNS-01-002' }),
    targetAreaM2: element('input', { name: 'planningTargetArea', type: 'number', min: '100', value: '10000' }),
    minAreaM2: element('input', { name: 'planningMinArea', type: 'number', min: '0', value: '2000' }),
    maxSliverM2: element('input', { name: 'planningMaxSliver', type: 'number', min: '0', step: '0.1', value: '5' }),
    prefix: element('input', { name: 'planningPrefix', placeholder: '440304001001', maxlength: '12' }),
  };
  const labels = {};
  for (const [key, input] of Object.entries(inputs)) labels[key] = field(t(`planning.field.${key}`), input);
  const propose = button(t('planning.propose'), { class: 'primary', 'data-action': 'planning-propose' });
  const accept = button(t('planning.accept'), { class: 'primary', 'data-action': 'planning-accept', hidden: true });
  const discard = button(t('planning.discard'), { 'data-action': 'planning-discard', hidden: true });
  const summary = element('p', { class: 'planning-summary', hidden: true });
  const table = element('table', { class: 'planning-table', hidden: true });
  body.append(field(t('planning.field.parent'), parent), field(t('planning.field.tool'), tool),
    ...Object.values(labels), element('div', { class: 'actions' }), summary, table);
  body.querySelector('.actions').append(propose, accept, discard);

  let current = null; // { run(apply), result }

  api.getGrids({ level: 'large' }).then((collection) => {
    for (const f of collection.features) {
      parent.append(element('option', { value: f.properties.code }, `${f.properties.code} ${f.properties.name}`));
    }
  }).catch((e) => ctx.toast(e.message, 'error'));

  const showFields = () => {
    for (const [key, label] of Object.entries(labels)) label.hidden = !FIELDS[tool.value].includes(key);
  };
  tool.addEventListener('change', () => { reset(); showFields(); });
  parent.addEventListener('change', reset);
  showFields();

  function reset() {
    current = null;
    planning.clear();
    summary.hidden = true;
    table.hidden = true;
    accept.hidden = true;
    discard.hidden = true;
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
        const codes = inputs.codes.value.split(/[\s,，、]+/).filter(Boolean);
        return (apply) => api.mergeGrids(codes, apply);
      }
      case 'split': {
        ctx.toast(t('planning.drawLine'));
        const line = await planning.drawLine();
        const grid = inputs.grid.value.trim();
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
      current = { run, result };
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
    try {
      const result = await current.run(true);
      ctx.toast(t('planning.applied', { count: result.features.length }));
      reset();
      ctx.emit('grids-changed', {});
    } catch (e) {
      ctx.toast(e.message, 'error');
    } finally {
      accept.disabled = false;
    }
  });

  discard.addEventListener('click', reset);

  function render(result) {
    planning.show(result);
    const flagged = result.features.filter((f) => (f.properties.flags || []).length).length;
    const applied = (result.changes || []).filter((c) => c.applied).length;
    summary.textContent = t('planning.summary', {
      count: result.features.length, removed: (result.removedCodes || []).length, flagged, slivers: applied,
    });
    summary.hidden = false;
    const head = element('tr');
    for (const key of ['code', 'area', 'streetLength', 'stops', 'flags']) head.append(element('th', {}, t(`planning.column.${key}`)));
    table.replaceChildren(head, ...result.features.map((f) => {
      const p = f.properties;
      const row = element('tr', { 'data-code': p.code, 'data-change': p.change, class: (p.flags || []).length ? 'flagged' : null });
      row.append(element('td', {}, p.code), element('td', {}, formatArea(p.areaM2, language)),
        element('td', {}, `${Math.round(p.streetLengthM)}`), element('td', {}, String(p.stops)),
        element('td', {}, (p.flags || []).map((k) => t(`planning.flag.${k}`)).join('、')));
      return row;
    }));
    table.hidden = result.features.length === 0;
    const storable = result.tool !== 'balance' && (result.features.length > 0 || (result.removedCodes || []).length > 0);
    accept.hidden = !storable;
    discard.hidden = false;
  }
}
