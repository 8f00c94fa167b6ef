// A planned patrol route: the walk along the streets as a line on the shared canvas, and its
// stops as numbered markers in visiting order. The route panel hands it the service's answer.
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';
import { RANK, restack, stackAt } from './stacking.js';

const ROUTE_COLOR = '#6a1b9a';
const COVERAGE_COLOR = '#00838f';
/** Pixels around the route kept free when zooming to it (the sidebar is outside the map). */
const FIT_PADDING_PX = 40;

export function createRouteLayer(ctx) {
  const { map, renderer, t } = ctx;
  const line = L.featureGroup();
  const stops = L.featureGroup();
  const group = L.featureGroup([line, stops]);
  stackAt(RANK.routes, line);
  group.addTo(map);

  function clear() {
    line.clearLayers();
    stops.clearLayers();
  }

  /**
   * Draws a route Feature from POST /api/routes or /api/routes/coverage (geometry LineString or
   * MultiLineString, lon/lat; properties.stops in visiting order) and zooms to it.
   */
  function show(feature, { coverage = false } = {}) {
    clear();
    const walk = L.geoJSON(feature, {
      renderer,
      style: { color: coverage ? COVERAGE_COLOR : ROUTE_COLOR, weight: 4, opacity: 0.85 },
    });
    walk.eachLayer((l) => line.addLayer(l));
    const visited = feature.properties.stops || [];
    for (const stop of visited) {
      const [lon, lat] = stop.coordinates;
      const marker = L.marker([lat, lon], {
        icon: L.divIcon({ className: 'route-stop', html: String(stop.sequence), iconSize: [22, 22] }),
        keyboard: false,
        zIndexOffset: 1000,
      });
      const title = t('route.stopTitle', { n: stop.sequence });
      // The feature's name and type, as in the GPX file; never its database id.
      const type = stop.type ? ctx.featureTypeLabel(stop.type) : '';
      const detail = stop.name ? ` ${stop.name}${type ? (ctx.language === 'en' ? ` (${type})` : `（${type}）`) : ''}`
        : type ? ` ${type}` : '';
      marker.bindTooltip(el('span', {}, title + detail), { direction: 'top', offset: [0, -10] });
      stops.addLayer(marker);
    }
    restack(map);
    const bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [FIT_PADDING_PX, FIT_PADDING_PX] });
  }

  return {
    overlays: [{ id: 'route', label: t('layer.route'), layer: group }],
    legend: [{
      swatch: [el('span', { class: 'swatch-line', style: { 'border-top': `4px solid ${ROUTE_COLOR}` } }),
        el('span', { class: 'route-stop route-stop-swatch' }, '1')],
      label: t('layer.route'),
    }],
    api: {
      show,
      clear,
      stats: () => ({ routeLines: line.getLayers().length, routeStops: stops.getLayers().length }),
    },
  };
}
