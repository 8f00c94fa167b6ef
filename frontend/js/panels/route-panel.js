// Patrol routes: pick a small grid (or a responsible person, meaning all their small grids) and the
// stop types, plan the walk through those features along the streets, or the walk along every
// street of the grid; the map draws it (ctx.layers.route) and this card sums it up and offers it
// as GPX or GeoJSON files.
import * as api from '../api.js';
import { geometryBbox } from '../lib/viewport.js';
import { addCard, button, element, field } from './cards.js';

export function mountRoutePanel(ctx, sidebar) {
  const { t, language } = ctx;
  const body = addCard(sidebar, 'route-panel', t('panel.route'));
  let smallGrids = [];

  const mode = element('select', { name: 'routeBy' });
  mode.append(element('option', { value: 'grid' }, t('route.byGrid')), element('option', { value: 'person' }, t('route.byPerson')));
  const grid = element('select', { name: 'routeGrid' });
  const person = element('select', { name: 'routePerson' });
  const gridField = field(t('route.grid'), grid);
  const personField = field(t('route.person'), person);

  const types = element('fieldset', { class: 'route-types' });
  types.append(element('legend', {}, t('route.types')));
  for (const type of ctx.featureTypes) {
    const box = element('input', { type: 'checkbox', name: 'routeType', value: type.key, checked: true });
    const label = element('label', {});
    label.append(box, document.createTextNode(` ${ctx.featureTypeLabel(type.key)}`));
    types.append(label);
  }
  const closed = element('input', { type: 'checkbox', name: 'routeClosed', checked: true });
  const closedLabel = element('label', { class: 'route-closed' });
  closedLabel.append(closed, document.createTextNode(` ${t('route.closed')}`));

  // Walking (the default for patrols) or a vehicle (one-way streets obeyed, no footways or steps).
  const profile = element('select', { name: 'routeProfile' });
  profile.append(element('option', { value: 'walking' }, t('routeui.walking')), element('option', { value: 'vehicle' }, t('routeui.vehicle')));
  const straight = element('input', { type: 'checkbox', name: 'routeStraight' });
  const straightLabel = element('label', { class: 'route-closed' });
  straightLabel.append(straight, document.createTextNode(` ${t('routeui.straight')}`));

  const plan = button(t('route.plan'), { class: 'primary', 'data-action': 'route-plan' });
  const cover = button(t('route.coverage'), { 'data-action': 'route-coverage', title: t('route.coverageHelp') });
  const actions = element('div', { class: 'form-buttons' });
  actions.append(plan, cover);

  const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
  const summary = element('div', { class: 'route-summary', hidden: true });
  const downloadGpx = button(t('route.downloadGpx'), { 'data-action': 'route-gpx' });
  const downloadGeoJson = button(t('route.downloadGeoJson'), { 'data-action': 'route-geojson' });
  const clear = button(t('route.clear'), { 'data-action': 'route-clear' });
  const downloads = element('div', { class: 'form-buttons route-downloads', hidden: true });
  downloads.append(downloadGpx, downloadGeoJson, clear);
  // The last saved file stays linked here (and its object URL alive) until the next download.
  const link = element('a', { id: 'route-download', hidden: true });

  body.append(field(t('route.by'), mode), gridField, personField, types, field(t('routeui.profile'), profile), closedLabel,
    straightLabel, actions, error, summary, downloads, link);

  /** The route on the map: which endpoint, the body it was planned with, and the answer. */
  let last = null;

  function syncMode() {
    gridField.hidden = mode.value !== 'grid';
    personField.hidden = mode.value !== 'person';
    // A street-coverage route walks one grid's streets.
    cover.disabled = mode.value !== 'grid';
  }

  async function loadGrids() {
    try {
      const collection = await api.getGrids({ level: 'small' });
      smallGrids = collection.features.map((f) => ({ ...f.properties, geometry: f.geometry })).sort((a, b) => a.code.localeCompare(b.code));
    } catch (e) {
      ctx.toast(e.message, 'error');
      return;
    }
    const chosenGrid = grid.value;
    const chosenPerson = person.value;
    grid.replaceChildren(element('option', { value: '' }, t('route.choose')));
    for (const g of smallGrids) {
      const who = g.responsiblePerson ? ` (${g.responsiblePerson})` : '';
      grid.append(element('option', { value: g.code }, `${g.code} ${g.name}${who}`));
    }
    const people = new Map();
    for (const g of smallGrids) {
      if (g.responsiblePerson) people.set(g.responsiblePerson, (people.get(g.responsiblePerson) || 0) + 1);
    }
    person.replaceChildren(element('option', { value: '' }, t('route.choose')));
    for (const [name, count] of [...people].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN'))) {
      person.append(element('option', { value: name }, t('route.personGrids', { name, count })));
    }
    grid.value = smallGrids.some((g) => g.code === chosenGrid) ? chosenGrid : '';
    person.value = people.has(chosenPerson) ? chosenPerson : '';
  }

  /** The grid codes the current choice stands for. */
  function chosenGrids() {
    if (mode.value === 'grid') return grid.value ? [grid.value] : [];
    return smallGrids.filter((g) => g.responsiblePerson === person.value).map((g) => g.code);
  }

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  async function run(kind) {
    error.hidden = true;
    const codes = chosenGrids();
    if (codes.length === 0) { showError(t(mode.value === 'grid' ? 'route.needGrid' : 'route.needPerson')); return; }
    let request;
    if (kind === 'coverage') {
      request = { grid: codes[0], profile: profile.value };
    } else {
      const keys = [...types.querySelectorAll('input:checked')].map((box) => box.value);
      if (keys.length === 0) { showError(t('route.needTypes')); return; }
      request = { grids: codes, types: keys, closed: closed.checked, profile: profile.value, straight: straight.checked };
    }
    plan.disabled = true;
    cover.disabled = true;
    try {
      const feature = kind === 'coverage' ? await api.planCoverageRoute(request) : await api.planRoute(request);
      last = { kind, request, feature, name: mode.value === 'grid' ? codes[0] : person.value };
      ctx.layers.route.show(feature, { coverage: kind === 'coverage' });
      renderSummary();
    } catch (e) {
      showError(e.message);
    } finally {
      plan.disabled = false;
      syncMode();
    }
  }

  function renderSummary() {
    const p = last.feature.properties;
    const number = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const rows = [[t('route.length'), `${number.format(p.lengthM)} ${t('route.metres')}`, 'length'],
      [t('route.duration'), formatDuration(p.durationS), 'duration'],
      [t('routeui.profileRow'), t(`routeui.${p.profile === 'vehicle' ? 'vehicle' : 'walking'}`), 'profile']];
    if (last.kind === 'coverage') {
      rows.push([t('route.streetLength'), `${number.format(p.streetLengthM)} ${t('route.metres')}`, 'street-length'],
        [t('route.repeated'), `${number.format(p.repeatedM)} ${t('route.metres')}`, 'repeated']);
    } else {
      rows.push([t('route.stops'), String(p.stops.length), 'stops'],
        [t('route.network'), t(p.network === 'streets' && p.profile === 'vehicle' ? 'routeui.networkVehicle' : `route.network.${p.network}`), 'network']);
    }
    summary.replaceChildren();
    const table = element('table', { class: 'attributes' });
    for (const [label, value, key] of rows) {
      const tr = element('tr', { 'data-key': key });
      tr.append(element('th', {}, label), element('td', {}, value));
      table.append(tr);
    }
    summary.append(table);
    const notes = [];
    if (last.kind === 'coverage' && !p.connected) notes.push(t('route.notConnected', { count: p.components }));
    if (last.kind !== 'coverage' && p.network === 'streets' && p.straightLegs > 0) notes.push(t('route.straightLegs', { count: p.straightLegs }));
    if (last.kind !== 'coverage' && p.network === 'straight') notes.push(t('route.noStreets'));
    for (const note of notes) summary.append(element('p', { class: 'help route-note' }, note));
    summary.hidden = false;
    downloads.hidden = false;
    downloads.scrollIntoView({ block: 'nearest' });
  }

  function formatDuration(seconds) {
    const minutes = Math.max(1, Math.round(seconds / 60));
    const hours = Math.floor(minutes / 60);
    if (hours === 0) return t('route.minutes', { m: minutes });
    return minutes % 60 === 0 ? t('route.hours', { h: hours }) : t('route.hoursMinutes', { h: hours, m: minutes % 60 });
  }

  function save(text, type, extension) {
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = `${last.kind === 'coverage' ? 'coverage' : 'route'}-${last.name}.${extension}`;
    link.click();
  }

  downloadGpx.addEventListener('click', async () => {
    if (!last) return;
    error.hidden = true;
    downloadGpx.disabled = true;
    try {
      const gpx = last.kind === 'coverage' ? await api.planCoverageRoute(last.request, 'gpx') : await api.planRoute(last.request, 'gpx');
      save(gpx, 'application/gpx+xml', 'gpx');
    } catch (e) {
      showError(e.message);
    } finally {
      downloadGpx.disabled = false;
    }
  });
  downloadGeoJson.addEventListener('click', () => {
    if (last) save(JSON.stringify(last.feature), 'application/geo+json', 'geojson');
  });
  clear.addEventListener('click', () => {
    last = null;
    ctx.layers.route.clear();
    summary.hidden = true;
    downloads.hidden = true;
    error.hidden = true;
  });
  plan.addEventListener('click', () => run('visit'));
  cover.addEventListener('click', () => run('coverage'));
  mode.addEventListener('change', () => { syncMode(); error.hidden = true; });
  grid.addEventListener('change', () => {
    const chosen = smallGrids.find((g) => g.code === grid.value);
    if (chosen && chosen.geometry) ctx.view.zoomTo(geometryBbox(chosen.geometry));
  });
  // The list of small grids is fetched when the card is first approached, not with the page: a
  // city holds thousands, and the map itself loads small grids per view only.
  let loaded = false;
  const loadOnce = () => {
    if (loaded) return;
    loaded = true;
    loadGrids();
  };
  body.addEventListener('pointerenter', loadOnce);
  body.addEventListener('focusin', loadOnce);
  ctx.on('grids-changed', () => { if (loaded) loadGrids(); });

  syncMode();
}
