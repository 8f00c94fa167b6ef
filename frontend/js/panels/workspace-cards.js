// Cards that exist for a workspace (issue 18): the grid worker's own grids and the way to the phone
// page, the field page for vector control's inspections, and the viewer's reports.
import * as api from '../api.js';
import { el } from '../lib/dom.js';
import { geometryBbox } from '../lib/viewport.js';
import { addCard, button } from './cards.js';

/** Narrow screens (phones): the grid worker is offered the phone page first. */
const NARROW = '(max-width: 700px)';

function fieldPageLink(t, primary) {
  return el('a', { href: 'field.html', class: primary ? 'workspace-link primary-link' : 'workspace-link', 'data-action': 'open-field-page' },
    t('workspace.openFieldPage'));
}

/** The grid worker: the phone page (today's route and checks) and the small grids they answer for. */
export function mountMyWorkPanel(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'my-work-panel', t('workspace.myWork'));
  const narrow = window.matchMedia(NARROW).matches;
  body.append(el('p', { class: 'help' }, t(narrow ? 'workspace.fieldPageHelpPhone' : 'workspace.fieldPageHelp')),
    fieldPageLink(t, narrow));
  const codes = (ctx.session && ctx.session.gridCodes) || [];
  const list = el('ul', { class: 'my-grids' });
  body.append(el('h3', {}, t('workspace.myGrids')), list);
  if (codes.length === 0) {
    list.append(el('li', { class: 'help' }, t('workspace.noGrids')));
    return;
  }
  let grids = null;
  const zoom = async (code) => {
    if (!grids) grids = (await api.getGrids({ level: 'small' })).features;
    const grid = grids.find((g) => g.properties.code === code);
    if (grid) ctx.view.zoomTo(geometryBbox(grid.geometry), { outline: false });
  };
  for (const code of codes) {
    const go = button(code, { class: 'link-button', 'data-action': 'my-grid', 'data-code': code });
    go.addEventListener('click', () => zoom(code).catch((e) => ctx.toast(e.message, 'error')));
    list.append(el('li', {}, go));
  }
}

/** Vector control: inspections are recorded on the field page; the work summary is printed from density. */
export function mountFieldWorkPanel(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'field-work-panel', t('workspace.inspections'));
  body.append(el('p', { class: 'help' }, t('workspace.inspectionsHelp')), fieldPageLink(t, false));
}

