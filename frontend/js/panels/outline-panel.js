// The district outline: what is stored (name, area, version, how it came), and for planners the ways to
// change it: import a file holding one polygon, or take the polygon just drawn on the map. Every refusal
// comes from the service in the user's language and changes nothing.
import * as api from '../api.js';
import { formatArea } from '../lib/format.js';
import { addCard, button, element } from './cards.js';

const EDITORS = ['admin', 'planner'];

export function mountOutlinePanel(ctx, sidebar) {
  const { t, language } = ctx;
  const layer = ctx.layers.outline;
  const body = addCard(sidebar, 'outline-panel', t('panel.outline'));
  const status = element('p', { class: 'outline-status' }, t('outline.loading'));
  const message = element('p', { class: 'outline-message', role: 'status', hidden: true });
  body.append(status);

  const roles = (ctx.session && ctx.session.roles) || [];
  const mayEdit = roles.some((r) => EDITORS.includes(r));
  let draft = null;
  const file = element('input', { type: 'file', name: 'outlineFile', accept: '.zip,.geojson,.json,.gpkg,.kml' });
  const importButton = button(t('outline.import'), { 'data-action': 'outline-import', disabled: true });
  const useDrawing = button(t('outline.useDrawing'), { 'data-action': 'outline-use-drawing', disabled: true });
  const remove = button(t('outline.delete'), { 'data-action': 'outline-delete', hidden: true });
  if (mayEdit) {
    body.append(element('p', { class: 'help' }, t('outline.help')), file, importButton, useDrawing, remove);
  }
  body.append(message);

  const say = (text, isError = false) => {
    message.textContent = text;
    message.className = isError ? 'outline-message error' : 'outline-message';
    message.hidden = !text;
  };

  ctx.on('outline-changed', ({ outline }) => {
    if (!outline) {
      status.textContent = t('outline.none');
      remove.hidden = true;
      return;
    }
    const p = outline.properties;
    status.textContent = t('outline.summary', {
      name: p.name || t('outline.unnamed'), area: formatArea(p.areaM2, language),
      source: t(`outline.source.${p.source}`), version: p.version,
    });
    remove.hidden = false;
  });

  file.addEventListener('change', () => { importButton.disabled = !file.files.length; });
  ctx.on('draft-created', ({ draft: d }) => { draft = d; useDrawing.disabled = false; });

  async function run(action, done) {
    say('');
    try {
      await action();
      await layer.load();
      ctx.emit('grids-changed', {}); // the topology report measures grids against the outline
      say(done);
    } catch (e) {
      say(e.problem && e.problem.errors && e.problem.errors[0] ? e.problem.errors[0].detail : e.message, true);
    }
  }

  importButton.addEventListener('click', () => run(() => api.importDistrictOutline(file.files[0]),
    t('outline.imported')));

  useDrawing.addEventListener('click', () => run(async () => {
    const current = layer.current();
    await api.saveDistrictOutline({
      type: 'Feature', geometry: draft.geometry(),
      properties: { name: current ? current.properties.name : '', version: current ? current.properties.version : undefined },
    });
    draft.remove();
    draft = null;
    useDrawing.disabled = true;
  }, t('outline.saved')));

  remove.addEventListener('click', () => {
    const current = layer.current();
    if (!current || !window.confirm(t('outline.confirmDelete'))) return;
    run(() => api.deleteDistrictOutline(current.properties.version), t('outline.deleted'));
  });
}
