// Point features: one overlay per feature type, drawn on the shared canvas with the type's symbol
// and colour. Per viewport the service first counts the features in view; up to MAX_MARKERS are
// fetched, and those that would overlap on screen are drawn as one count bubble until the map is
// zoomed in far enough to tell them apart (at district zoom the sample's ~990 markers were one blob);
// above MAX_MARKERS the map shows the service's count bubbles per cluster cell instead. A view asks for
// each feature's type only (a fifth of the bytes of the whole feature); a popup reads the whole
// feature when it opens, so what it shows and edits is also current.
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { featureBody } from '../lib/bodies.js';
import { el, lines } from '../lib/dom.js';
import { attributeTable, escapeHtml, formatCount } from '../lib/format.js';
import { clusterOnScreen } from '../lib/screen-clusters.js';
import { SYMBOL_STROKE, symbolElement, symbolRadius, symbolSvg } from '../lib/symbols.js';
import { bboxAreaKm2, cellDegrees } from '../lib/viewport.js';
import { SymbolMarker } from './symbol-marker.js';
import { RANK, restack, stackAt } from './stacking.js';
import { viewportLoader } from './viewport-loader.js';

/** The most markers drawn individually; more than this in view become count bubbles. */
export const MAX_MARKERS = 5000;
/**
 * Before the first answer tells how dense the features are: views up to this size (km²) ask for their features
 * before counting them (a laptop at zoom 16 shows about 4), views over COUNTS_FIRST_MIN_KM2 (a whole city)
 * count first, and the views between ask both at once.
 */
const FEATURES_FIRST_MAX_KM2 = 4;
const COUNTS_FIRST_MIN_KM2 = 25;
/** Width of a cluster cell on screen, pixels. */
const CELL_PX = 80;
/** The service refuses cells wider than this many degrees. */
const MAX_CELL_DEG = 10;
/** Markers closer than this on screen (px) are drawn as one bubble: a symbol is about 14 px across. */
const APART_PX = 22;
/**
 * From this zoom on every feature is drawn on its own: street level, where the search box shows a
 * feature (zoom 18) and features a few metres apart are what the person came to see.
 */
const ALL_MARKERS_ZOOM = 18;

export function createFeatureLayers(ctx) {
  const { map, renderer, t, featureTypes } = ctx;
  const groups = new Map(featureTypes.map((type) => [type.key, L.featureGroup()]));
  const typeOf = new Map(featureTypes.map((type) => [type.key, type]));
  const bubbles = L.layerGroup().addTo(map);
  let moving = false;
  // The markers drawn, by feature id. A new view keeps those it shows again where they were: nothing is
  // drawn twice, and a popup open on one stays open (a popup's own pan to fit on screen loads a view).
  let markers = new Map();

  function label(type) {
    return ctx.language === 'en' ? type.labelEn : type.labelZh;
  }

  function visibleTypes() {
    return featureTypes.filter((type) => map.hasLayer(groups.get(type.key))).map((type) => type.key);
  }

  function clear() {
    bubbles.clearLayers();
    groups.forEach((g) => g.clearLayers());
    markers = new Map();
  }

  function drawMarkers(features) {
    bubbles.clearLayers();
    const shown = new Map();
    const place = (feature) => {
      const old = markers.get(feature.id);
      const [lon, lat] = feature.geometry.coordinates;
      const at = old && old.getLatLng();
      const marker = old && old.feature.properties.type === feature.properties.type && at.lat === lat && at.lng === lon
        ? old : addMarker(feature);
      if (marker) shown.set(feature.id, marker);
    };
    if (map.getZoom() >= ALL_MARKERS_ZOOM) {
      for (const feature of features) place(feature);
    } else {
      const points = features.map((f) => map.latLngToLayerPoint([f.geometry.coordinates[1], f.geometry.coordinates[0]]));
      for (const group of clusterOnScreen(points, APART_PX)) {
        if (group.members.length === 1) { place(features[group.members[0]]); continue; }
        const types = {};
        for (const i of group.members) { const k = features[i].properties.type; types[k] = (types[k] || 0) + 1; }
        const at = map.layerPointToLatLng([group.x, group.y]);
        addBubble({ lat: at.lat, lon: at.lng, count: group.members.length, types });
      }
    }
    for (const [id, marker] of markers) {
      if (shown.get(id) !== marker) groups.get(marker.feature.properties.type)?.removeLayer(marker);
    }
    markers = shown;
    restack(map);
    ctx.view.notice('features', null);
  }

  // Features per km² in the view counted or fetched last (null before the first): tells whether the next
  // view likely holds few enough features to draw, and so which requests it makes.
  let densityPerKm2 = null;

  const loader = viewportLoader(map, async ({ bbox, widthPx, signal, still }) => {
    if (moving) return;
    const types = visibleTypes();
    if (types.length === 0) { await still(); clear(); return; }
    const areaKm2 = bboxAreaKm2(bbox);
    const expected = densityPerKm2 === null ? null : densityPerKm2 * areaKm2;
    // A view that likely holds few enough features to draw (before the first answer: a street-scale view)
    // asks for them (one more than can be drawn) and counts only when there were too many; a view that
    // likely holds too many (a street in the middle of a city of a million) counts first; one that may go either way (the first view, or near the limit) asks both at once,
    // and whichever answer decides first is drawn: features that fit (the counts are cancelled) or
    // counts over the limit, as bubbles (the features are cancelled).
    const featuresFirst = expected === null ? areaKm2 <= FEATURES_FIRST_MAX_KM2 : expected <= MAX_MARKERS / 2;
    const countsFirst = expected === null ? areaKm2 > COUNTS_FIRST_MIN_KM2 : expected > 2 * MAX_MARKERS;
    const cellDeg = Math.min(cellDegrees(bbox, widthPx, CELL_PX), MAX_CELL_DEG);
    const count = (s) => api.getFeatureCounts({ bbox, types, by: 'cell', cellDeg }, s).then((counts) => ({ counts }));
    const listing = (limit) => (s) => api.getFeatures({ bbox, types, limit, properties: 'type' }, s).then((collection) => ({ collection }));
    let counting = featuresFirst ? null : linkedRequest(signal, count);
    let fetching = countsFirst ? null : linkedRequest(signal, listing(MAX_MARKERS + 1));
    while (counting || fetching) {
      const answer = await Promise.race([counting, fetching].filter(Boolean).map((r) => r.answer));
      if (answer.collection) {
        fetching = null;
        if (answer.collection.features.length <= MAX_MARKERS) {
          if (counting) counting.cancel();
          densityPerKm2 = answer.collection.features.length / Math.max(areaKm2, 1e-6);
          await still();
          drawMarkers(answer.collection.features);
          return;
        }
        if (!counting) counting = linkedRequest(signal, count);
      } else {
        counting = null;
        const { counts } = answer;
        densityPerKm2 = counts.total / Math.max(areaKm2, 1e-6);
        if (counts.total > MAX_MARKERS) {
          if (fetching) fetching.cancel();
          await still();
          clear();
          for (const group of counts.groups) addBubble(group);
          ctx.view.notice('features', t('notice.featureBubbles', { count: counts.total.toLocaleString(ctx.language) }));
          return;
        }
        if (!fetching) fetching = linkedRequest(signal, listing(MAX_MARKERS));
      }
    }
  });

  /** Starts `ask(signal)` now; `cancel()` aborts it alone, and the view's `signal` aborts it too. */
  function linkedRequest(signal, ask) {
    const own = new AbortController();
    const forward = () => own.abort();
    signal.addEventListener('abort', forward, { once: true });
    const answer = ask(own.signal).finally(() => signal.removeEventListener('abort', forward));
    answer.catch(() => {}); // awaited later, or cancelled: never an unhandled rejection
    return { answer, cancel: () => own.abort() };
  }

  function addMarker(feature) {
    const type = typeOf.get(feature.properties.type);
    const group = groups.get(feature.properties.type);
    if (!type || !group) return;
    const [lon, lat] = feature.geometry.coordinates;
    const marker = new SymbolMarker([lat, lon], {
      renderer, symbol: type.symbol, radius: symbolRadius(type.symbol, 6), color: SYMBOL_STROKE, weight: 1,
      fillColor: type.color, fillOpacity: 0.95,
    });
    marker.feature = feature;
    marker.bindPopup(() => popupContent(marker), { maxWidth: 320 });
    group.addLayer(marker);
    return marker;
  }

  function addBubble(group) {
    const size = 22 + Math.min(24, Math.round(Math.log10(group.count) * 7));
    const breakdown = el('div', {}, lines(Object.entries(group.types)
      .map(([key, n]) => `${typeOf.has(key) ? label(typeOf.get(key)) : key}: ${n}`)));
    L.marker([group.lat, group.lon], {
      count: group.count,
      icon: L.divIcon({
        className: 'count-bubble', iconSize: [size, size],
        html: el('span', {}, formatCount(group.count, ctx.language)),
      }),
      keyboard: false,
    }).bindTooltip(breakdown, { direction: 'top' })
      .on('click', () => map.setView([group.lat, group.lon], map.getZoom() + 2))
      .addTo(bubbles);
  }

  // Leaflet calls this on opening and again on update(): the whole feature, once read, is handed
  // over through marker.loadedPopup so that the update shows it instead of reading it again.
  function popupContent(marker) {
    if (marker.loadedPopup) {
      const loaded = marker.loadedPopup;
      marker.loadedPopup = null;
      return loaded;
    }
    const div = popupHeader(marker);
    div.append(el('p', { class: 'popup-loading' }, t('feature.loading')));
    api.getFeature(marker.feature.id).then((feature) => {
      marker.feature = feature;
      const full = popupHeader(marker);
      fillPopup(full, marker);
      if (marker.isPopupOpen()) {
        marker.loadedPopup = full;
        marker.getPopup().update();
      }
    }).catch((e) => {
      const line = div.querySelector('.popup-loading');
      if (line) line.textContent = e.message;
    });
    return div;
  }

  function popupHeader(marker) {
    const type = typeOf.get(marker.feature.properties.type);
    return el('div', { class: 'popup feature-popup' }, el('h3', {}, symbolElement(type.symbol, type.color), ' ', label(type)));
  }

  function fillPopup(div, marker) {
    const feature = marker.feature;
    const p = feature.properties;
    const attributes = Object.entries(p.attributes || {}).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
    div.append(attributeTable([
      [t('feature.name'), p.name], [t('feature.code'), p.code], [t('feature.address'), p.address],
      [t('feature.grid'), p.gridCode], ...attributes,
    ]));
    const actions = document.createElement('div');
    actions.className = 'popup-actions';
    for (const action of ['move', 'edit', 'remove']) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = `feature-${action}`;
      button.textContent = t(`feature.action.${action}`);
      button.addEventListener('click', () => {
        map.closePopup();
        if (action === 'move') startMove(marker);
        else ctx.emit('feature-action', { action, feature });
      });
      actions.append(button);
    }
    div.append(actions);
  }

  /** Puts a draggable handle on the feature; dropping it stores the new position. */
  function startMove(marker) {
    const feature = marker.feature;
    moving = true;
    marker.setStyle({ fillOpacity: 0.25, opacity: 0.25 });
    const handle = L.marker(marker.getLatLng(), {
      draggable: true, autoPan: true, zIndexOffset: 1000, title: t('feature.dragHint'),
      icon: L.divIcon({ className: 'move-handle', iconSize: [24, 24] }),
    }).addTo(map);
    ctx.toast(t('feature.dragHint'));
    const finish = () => {
      // Drawn anew by the reload, at its new place or, when the move failed, no longer faded.
      groups.get(feature.properties.type)?.removeLayer(marker);
      markers.delete(feature.id);
      map.removeLayer(handle);
      moving = false;
      loader.refresh();
    };
    handle.on('dragend', async () => {
      const position = handle.getLatLng();
      try {
        await api.updateFeature(feature.id, featureBody(feature, [position.lng, position.lat]));
        ctx.toast(t('feature.moved'));
        ctx.emit('features-changed', {});
      } catch (e) {
        ctx.toast(e.message, 'error');
      } finally {
        finish();
      }
    });
  }

  map.on('overlayadd overlayremove', (e) => {
    if ([...groups.values()].includes(e.layer)) loader.schedule();
  });
  ctx.on('features-changed', () => loader.refresh());
  ctx.on('grids-changed', () => loader.refresh());
  groups.forEach((group) => { stackAt(RANK.features, group); group.addTo(map); });
  loader.refresh();

  return {
    overlays: featureTypes.map((type) => ({
      id: `features-${type.key}`,
      // Leaflet's layer control takes only HTML: the one place a name is escaped rather than set as text.
      label: `${symbolSvg(type.symbol, type.color, 14)} ${escapeHtml(label(type))}`,
      layer: groups.get(type.key),
    })),
    legend: [
      ...featureTypes.map((type) => ({ swatch: symbolElement(type.symbol, type.color), label: label(type) })),
      { swatch: el('span', { class: 'swatch-bubble' }), label: t('legend.bubble') },
    ],
    api: {
      label,
      refresh: () => loader.refresh(),
      stats: () => ({
        markers: [...groups.values()].reduce((n, g) => n + g.getLayers().length, 0),
        bubbles: bubbles.getLayers().length,
      }),
      /** For the tests (read only): where each drawn marker and bubble is, in map-container pixels. */
      drawn() {
        const at = (layer) => { const p = map.latLngToContainerPoint(layer.getLatLng()); return [p.x, p.y]; };
        return {
          markers: [...groups.values()].flatMap((g) => g.getLayers().map((m) => ({ at: at(m), type: m.feature.properties.type, id: m.feature.id }))),
          bubbles: bubbles.getLayers().map((b) => ({ at: at(b), count: b.options.count })),
        };
      },
      /** Waits for one click on the map; resolves to [lon, lat], or null when cancelled with Escape. */
      pickLocation() {
        return new Promise((resolve) => {
          const container = map.getContainer();
          container.classList.add('picking');
          // The click is taken on its way down to whatever lies under the pointer (a grid on the shared
          // canvas, a marker, a street), in the capture phase on the map's container, and goes no further:
          // no layer opens its popup and the point lands where the person clicked, inside a grid or not.
          const onClick = (e) => {
            // Zoom buttons, the layer switcher and other controls keep working; the click that ends a
            // pan is not a pick.
            if (e.target.closest('.leaflet-control-container')) return;
            if (map.dragging && map.dragging.moved()) return;
            e.stopPropagation();
            e.preventDefault();
            const at = map.mouseEventToLatLng(e);
            done([at.lng, at.lat]);
          };
          const onKey = (e) => { if (e.key === 'Escape') done(null); };
          const done = (value) => {
            container.classList.remove('picking');
            container.removeEventListener('click', onClick, true);
            document.removeEventListener('keydown', onKey);
            resolve(value);
          };
          container.addEventListener('click', onClick, true);
          document.addEventListener('keydown', onKey);
        });
      },
    },
  };
}
