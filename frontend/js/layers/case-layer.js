// Cases on the map (issue 21): one circle per case in view, red when its stage is overdue, amber
// when due soon, else coloured by status; the chosen one ringed. The filters come from
// panels/case-panel.js (setFilters); a click selects a case, which the panel shows with its timeline.
import L from '../leaflet-global.js';
import * as caseApi from '../case-api.js';
import { caseQuery, caseColor, STATUS_COLOR, URGENCY_COLOR } from '../lib/cases.js';
import { el } from '../lib/dom.js';
import { RANK, restack, stackAt } from './stacking.js';
import { viewportLoader } from './viewport-loader.js';

/** The most cases drawn in one view; the panel says when there were more. */
export const MAX_CASES = 2000;
const RADIUS_PX = 7;

export function createCaseLayer(ctx) {
  const { map, renderer, t } = ctx;
  // Cases name their reporters and are never public (public read included): a visitor who has not
  // signed in gets no case layer, since asking would be refused and send the page to the login page.
  const readable = Boolean(ctx.session && ctx.session.authenticated);
  const group = L.featureGroup();
  stackAt(RANK.cases, group);
  if (readable) group.addTo(map);

  let filters = {};
  let features = [];
  let selectedId = null;
  let truncated = false;
  let problem = null;

  function style(p) {
    const selected = String(p.id) === String(selectedId);
    return {
      renderer, radius: selected ? RADIUS_PX + 3 : RADIUS_PX, weight: selected ? 4 : 2,
      color: selected ? '#0d47a1' : '#ffffff', fillColor: caseColor(p, Date.now()), fillOpacity: 0.95,
    };
  }

  function draw() {
    group.clearLayers();
    for (const f of features) {
      if (!f.geometry || f.geometry.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates;
      const p = { ...f.properties, id: f.properties.id ?? f.id };
      const marker = L.circleMarker([lat, lon], style(p));
      marker.caseId = p.id;
      marker.bindTooltip(el('span', {}, `${p.number || `#${p.id}`} · ${t(`case.status.${p.status}`)}`), { direction: 'top' });
      marker.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        select(p.id);
      });
      group.addLayer(marker);
    }
    restack(map);
  }

  const loader = viewportLoader(map, async ({ bbox, signal, still }) => {
    if (!readable || !map.hasLayer(group)) return;
    try {
      const answer = await caseApi.getCases({ ...caseQuery(filters), bbox, limit: MAX_CASES }, signal);
      features = answer.features || [];
      truncated = features.length >= MAX_CASES || answer.truncated === true;
      problem = null;
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      features = [];
      problem = e.message;
    }
    await still();
    draw();
    ctx.emit('cases-loaded', { count: features.length, truncated, problem });
  });
  map.on('overlayadd overlayremove', (e) => { if (e.layer === group) { if (e.type === 'overlayadd') loader.refresh(); else group.clearLayers(); } });

  function select(id) {
    selectedId = id;
    group.eachLayer((m) => m.setStyle(style(features.find((f) => String(f.properties.id ?? f.id) === String(m.caseId))?.properties || {})));
    if (id !== null) ctx.emit('case-selected', { id });
  }

  return {
    overlays: readable ? [{ id: 'cases', label: t('layer.cases'), layer: group }] : [],
    // One line for the four symbols: the legend shares the map's right side with the layer switcher.
    legend: !readable ? [] : [{
      swatch: [URGENCY_COLOR.overdue, URGENCY_COLOR.dueSoon, STATUS_COLOR.dispatched, STATUS_COLOR.closed]
        .map((color) => el('span', { class: 'swatch-case', style: { background: color } })),
      label: t('case.legend'),
    }],
    api: {
      /** New filters (the panel's form values, see lib/cases.js caseQuery); reloads the view. */
      setFilters(next) {
        filters = { ...next };
        loader.refresh();
      },
      refresh: () => loader.refresh(),
      select,
      /** Centres the map on a case ([lon, lat]) without changing the zoom when it is close enough. */
      show(lonLat) {
        if (!lonLat) return;
        map.setView([lonLat[1], lonLat[0]], Math.max(map.getZoom(), 16));
      },
      selected: () => selectedId,
      /** The id of the case numbered `number` (e.g. 20261207-0012) among those on the map, or null. */
      idOfNumber(number) {
        const f = features.find((x) => x.properties.number === number);
        return f ? f.properties.id ?? f.id : null;
      },
      stats: () => ({ cases: group.getLayers().length, casesTruncated: truncated, casesProblem: problem }),
    },
  };
}
