// A planning tool's proposal on the map: proposed grids coloured by what would change (new, reshaped,
// renamed), grids flagged by the workload balance outlined in red, each with its measures in a
// tooltip. Also draws the line a split needs. The planner can edit the proposal before accepting it:
// drag the vertices of proposed grids (a vertex shared by several proposed grids moves in all of them,
// so their borders stay shared) and merge two proposed grids that share a border.
import L from '../leaflet-global.js';
import { el, lines } from '../lib/dom.js';
import { formatArea } from '../lib/format.js';
import { mergePolygons } from '../lib/merge-cells.js';
import { RANK, restack, stackAt } from './stacking.js';

const CHANGE_COLORS = { new: '#2e7d32', reshaped: '#ef6c00', renamed: '#1565c0', unchanged: '#78909c' };
const LINE_STYLE = { color: '#c62828', weight: 3, dashArray: '6 4' };
const PROBLEM_STYLE = { color: '#d50000', weight: 5, dashArray: null, fillColor: '#d50000', fillOpacity: 0.35 };

/**
 * Patches Leaflet.draw's vertex editing once: a polygon carrying `_linkedVertices` is told when one of
 * its vertex markers starts moving, moves and stops, so the vertices it shares with other polygons
 * follow. Markers bind these methods when they are created, so this runs before any editing starts.
 */
let linkedVerticesInstalled = false;
function installLinkedVertices() {
  if (linkedVerticesInstalled) return;
  linkedVerticesInstalled = true;
  const proto = L.Edit.PolyVerticesEdit.prototype;
  const dragStart = proto._onMarkerDragStart;
  const drag = proto._onMarkerDrag;
  const fireEdit = proto._fireEdit;
  proto._onMarkerDragStart = function (e) {
    const linked = this._poly._linkedVertices;
    if (linked && e && e.target) linked.start(this._poly, e.target);
    return dragStart.call(this, e);
  };
  proto._onMarkerDrag = function (e) {
    const result = drag.call(this, e);
    const linked = this._poly._linkedVertices;
    if (linked && e && e.target) linked.drag(e.target);
    return result;
  };
  proto._fireEdit = function () {
    const result = fireEdit.call(this);
    const linked = this._poly._linkedVertices;
    if (linked) linked.end();
    return result;
  };
}

/** The rings of a Leaflet latlngs structure. */
function rings(latlngs) {
  if (!latlngs.length) return [];
  if (latlngs[0] instanceof L.LatLng) return [latlngs];
  return latlngs.flatMap(rings);
}

export function createPlanningLayer(ctx) {
  const { map, renderer, t, language } = ctx;
  const proposal = L.geoJSON(null, {
    renderer,
    style: (f) => {
      const flagged = (f.properties.flags || []).length > 0;
      return {
        color: flagged ? '#d50000' : CHANGE_COLORS[f.properties.change] || '#ef6c00',
        weight: flagged ? 4 : 2,
        dashArray: flagged ? '8 5' : null,
        fillColor: CHANGE_COLORS[f.properties.change] || '#ef6c00',
        fillOpacity: 0.25,
      };
    },
    onEachFeature: (f, layer) => layer.bindTooltip(() => describe(f), { sticky: true }),
  });
  stackAt(RANK.drafts - 1, proposal);
  let line = null;
  let editing = false;
  let problemMarker = null;
  const editListeners = [];
  const edited = () => editListeners.forEach((f) => f());

  installLinkedVertices();
  // The vertices of other proposed grids at the place a dragged vertex started from move with it.
  const linked = {
    moving: null,
    start(poly, marker) {
      const at = marker._origLatLng;
      const partners = [];
      proposal.eachLayer((other) => {
        if (other === poly || !other.getLatLngs) return;
        for (const ring of rings(other.getLatLngs())) {
          for (const ll of ring) if (ll.lat === at.lat && ll.lng === at.lng) partners.push({ layer: other, latlng: ll });
        }
      });
      this.moving = { marker, partners };
    },
    drag(marker) {
      if (!this.moving || this.moving.marker !== marker) return;
      const to = marker.getLatLng();
      for (const { layer, latlng } of this.moving.partners) {
        latlng.lat = to.lat;
        latlng.lng = to.lng;
        layer.redraw();
        for (const handler of (layer.editing && layer.editing._verticesHandlers) || []) {
          for (const m of handler._markers || []) if (m._origLatLng === latlng) m.setLatLng(latlng);
        }
      }
    },
    end() {
      if (!this.moving) return;
      const layers = new Set(this.moving.partners.map((p) => p.layer));
      this.moving = null;
      // Fresh vertex and middle markers where the latlngs were changed in place.
      for (const layer of layers) if (layer.editing && layer.editing.enabled()) layer.editing.updateMarkers();
      edited();
    },
  };

  function enableEditing(layer) {
    if (!layer.editing || !(layer instanceof L.Polygon)) return;
    // Leaflet.draw edits one polygon (with holes), not a multipolygon: those can still be merged.
    const latlngs = layer.getLatLngs();
    if (!latlngs.length || !(latlngs[0][0] instanceof L.LatLng)) return;
    layer.options.original = { ...layer.options };
    layer.options.editing = { ...layer.options, dashArray: '4 3' };
    layer._linkedVertices = linked;
    layer.editing.enable();
  }

  function disableEditing(layer) {
    if (layer.editing && layer.editing.enabled()) layer.editing.disable();
  }

  function layerOf(code) {
    return proposal.getLayers().find((l) => l.feature && l.feature.properties.code === code) || null;
  }

  function clearProblem() {
    if (problemMarker) { map.removeLayer(problemMarker); problemMarker = null; }
    proposal.resetStyle();
  }

  function describe(f) {
    const p = f.properties;
    const flags = (p.flags || []).map((k) => t(`planning.flag.${k}`)).join('、');
    return el('div', {}, lines(
      el('span', {}, el('strong', {}, p.code), ` · ${t(`planning.change.${p.change}`)}`),
      `${t('planning.area')}: ${formatArea(p.areaM2, language)}`,
      `${t('planning.streetLength')}: ${Math.round(p.streetLengthM)} ${t('planning.metres')}`,
      `${t('planning.stops')}: ${p.stops}`,
      flags ? el('span', { class: 'planning-flags' }, flags) : null,
    ));
  }

  return {
    overlays: [{ id: 'planning', label: t('layer.planning'), layer: proposal }],
    legend: [],
    api: {
      /** Shows a proposal (FeatureCollection) and zooms to it. */
      show(collection) {
        this.stopEditing();
        clearProblem();
        proposal.clearLayers();
        proposal.addData(collection);
        if (!map.hasLayer(proposal)) proposal.addTo(map);
        restack(map);
        if (proposal.getLayers().length) map.fitBounds(proposal.getBounds(), { maxZoom: 18 });
      },
      clear() {
        this.stopEditing();
        clearProblem();
        proposal.clearLayers();
        if (line) { map.removeLayer(line); line = null; }
      },
      /** Lets the planner drag the vertices of the proposed grids; shared vertices move together. */
      startEditing() {
        editing = true;
        proposal.eachLayer(enableEditing);
      },
      stopEditing() {
        editing = false;
        proposal.eachLayer(disableEditing);
      },
      isEditing: () => editing,
      /** Calls `listener` after every vertex edit and merge. */
      onEdit(listener) {
        editListeners.push(listener);
      },
      /** The proposed grids as they are now: GeoJSON Features with their (live) properties, in order. */
      features() {
        return proposal.getLayers().filter((l) => l.feature).map((l) => ({
          type: 'Feature',
          properties: l.feature.properties,
          // Full precision: rounding would move borders shared with grids outside the proposal.
          geometry: l.toGeoJSON(false).geometry,
        }));
      },
      /** The map layers of the proposed grids (for tools and tests). */
      layers: () => proposal.getLayers(),
      /**
       * Merges proposed grid `other` into `code` (they must share a border); the merged grid keeps the
       * properties of `code`. Returns false, changing nothing, when they cannot merge.
       */
      merge(code, other) {
        const a = layerOf(code);
        const b = layerOf(other);
        if (!a || !b || a === b) return false;
        const merged = mergePolygons(a.toGeoJSON(false).geometry, b.toGeoJSON(false).geometry);
        if (!merged) return false;
        const wasEditing = a.editing && a.editing.enabled();
        disableEditing(a);
        disableEditing(b);
        proposal.removeLayer(b);
        a.setLatLngs(L.GeoJSON.coordsToLatLngs(merged.coordinates, 1));
        a.feature.geometry = merged;
        if (wasEditing) enableEditing(a);
        edited();
        return true;
      },
      /** Marks the proposed grids a refusal names, and the place it names ([lon, lat]). */
      showProblem(codes, location) {
        clearProblem();
        for (const code of codes) {
          const layer = layerOf(code);
          if (layer) layer.setStyle(PROBLEM_STYLE);
        }
        if (location) {
          problemMarker = L.circleMarker([location[1], location[0]], {
            radius: 10, color: '#d50000', weight: 3, fillOpacity: 0.3, interactive: false,
          }).addTo(map);
        }
      },
      clearProblem,
      /** Lets the user draw a line (double-click ends it); resolves to its GeoJSON geometry (lon,lat). */
      drawLine() {
        if (line) { map.removeLayer(line); line = null; }
        return new Promise((resolve) => {
          // No length readout: its units are Leaflet.draw's English abbreviations.
          const handler = new L.Draw.Polyline(map, { shapeOptions: LINE_STYLE, showLength: false });
          const done = (e) => {
            if (e.layerType !== 'polyline') return;
            map.off(L.Draw.Event.CREATED, done);
            line = e.layer.addTo(map);
            resolve(line.toGeoJSON().geometry);
          };
          map.on(L.Draw.Event.CREATED, done);
          handler.enable();
        });
      },
      describe,
      stats: () => ({ planningGrids: proposal.getLayers().length }),
    },
  };
}
