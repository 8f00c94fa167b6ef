// Drawing new grids with Leaflet.draw. A finished drawing becomes a draft: it stays on the map,
// with its vertices editable, until it is saved or discarded, so a refusal never loses it.
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';
import { RANK, stackAt } from './stacking.js';
import { installSnapping } from './snapping.js';

const DRAFT_STYLE = { color: '#ff6f00', weight: 3, fillOpacity: 0.15 };
const ERROR_STYLE = { color: '#d50000', weight: 3, dashArray: '8 5', fillOpacity: 0.2 };

export function createDrawLayer(ctx) {
  const { map, t } = ctx;
  localiseLeafletDraw(t);
  const snapping = installSnapping(map);
  const drafts = new L.FeatureGroup().addTo(map);
  stackAt(RANK.drafts, drafts);
  const control = new L.Control.Draw({
    position: 'topleft',
    draw: {
      // Intersections are allowed while drawing on purpose: the service checks every polygon and
      // explains a refusal in the user's language, one rule in one place.
      polygon: { allowIntersection: true, showArea: false, shapeOptions: DRAFT_STYLE },
      rectangle: { showArea: false, shapeOptions: DRAFT_STYLE },
      polyline: false, circle: false, marker: false, circlemarker: false,
    },
    edit: false,
  });
  map.addControl(control);

  map.on(L.Draw.Event.CREATED, (e) => {
    // Lines are drawn by the planning tools (a split line), not as grid drafts.
    if (e.layerType === 'polyline') return;
    const layer = e.layer;
    drafts.addLayer(layer);
    layer.editing.enable();
    ctx.emit('draft-created', { draft: draftHandle(layer) });
  });

  function draftHandle(layer) {
    let problemMarker = null;
    const clearError = () => {
      layer.unbindTooltip();
      layer.setStyle(DRAFT_STYLE);
      if (problemMarker) { map.removeLayer(problemMarker); problemMarker = null; }
    };
    return {
      /** The drawing as a GeoJSON geometry (lon,lat), including vertex edits made since. */
      geometry: () => layer.toGeoJSON().geometry,
      /** The drawing's centre, [lon, lat]. */
      center() {
        const c = layer.getBounds().getCenter();
        return [c.lng, c.lat];
      },
      /** Shows `message` next to the drawing, and marks `location` [lon, lat] when given. */
      showError(message, location) {
        clearError();
        layer.setStyle(ERROR_STYLE);
        layer.bindTooltip(el('span', {}, message), { permanent: true, direction: 'top', className: 'draft-error', sticky: false }).openTooltip();
        if (location) {
          problemMarker = L.circleMarker([location[1], location[0]], {
            radius: 10, color: '#d50000', weight: 3, fillOpacity: 0.3, interactive: false,
          }).addTo(map);
        }
      },
      clearError,
      remove() {
        clearError();
        layer.editing.disable();
        drafts.removeLayer(layer);
      },
    };
  }

  return {
    overlays: [],
    legend: [],
    api: {
      stats: () => ({ drafts: drafts.getLayers().length }),
      /** Where a vertex at `latlng` would snap to (null: nowhere near a line); for the tests and tools. */
      snapLatLng: (latlng) => snapping.snapLatLng(latlng),
    },
  };
}

/** Leaflet.draw's own texts (toolbar, hints) in the page's language. */
function localiseLeafletDraw(t) {
  const local = L.drawLocal.draw;
  local.toolbar.buttons.polygon = t('draw.polygon');
  local.toolbar.buttons.rectangle = t('draw.rectangle');
  local.toolbar.actions.title = t('draw.cancelTitle');
  local.toolbar.actions.text = t('draw.cancel');
  local.toolbar.finish.title = t('draw.finishTitle');
  local.toolbar.finish.text = t('draw.finish');
  local.toolbar.undo.title = t('draw.undoTitle');
  local.toolbar.undo.text = t('draw.undo');
  local.handlers.polygon.tooltip.start = t('draw.polygon.start');
  local.handlers.polygon.tooltip.cont = t('draw.polygon.cont');
  local.handlers.polygon.tooltip.end = t('draw.polygon.end');
  local.handlers.rectangle.tooltip.start = t('draw.rectangle.start');
  local.handlers.simpleshape.tooltip.end = t('draw.rectangle.end');
  L.drawLocal.edit.handlers.edit.tooltip.text = t('draw.edit.text');
  L.drawLocal.edit.handlers.edit.tooltip.subtext = t('draw.edit.subtext');
  // Every other text Leaflet.draw shows (the split tool's line, the edit toolbar, ...) from the keys
  // leafletDraw.<path in L.drawLocal>, so that no English hint appears in the Chinese page.
  const walk = (node, path) => {
    for (const [name, value] of Object.entries(node)) {
      const key = `leafletDraw.${path}${name}`;
      if (value && typeof value === 'object') walk(value, `${path}${name}.`);
      else if (typeof value === 'string' && t(key) !== key) node[name] = t(key);
    }
  };
  walk(L.drawLocal, '');
}
