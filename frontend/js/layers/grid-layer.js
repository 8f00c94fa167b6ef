// Large grids (bold outline, labelled "code name", loaded once) and small grids (thin outline,
// labelled with their code, filled by responsible person, loaded per viewport). A click on a grid
// outlines it and opens its summary (features by type, bait coverage, density level, open cases,
// responsible person); while a tool picks grids (merge, split) a click picks the grid instead.
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { coloursByPerson } from '../lib/colors.js';
import { el } from '../lib/dom.js';
import { attributeTable, formatArea } from '../lib/format.js';
import { getGridSummary } from '../grid-api.js';
import { symbolElement } from '../lib/symbols.js';
import { bboxAreaKm2, geometryBbox } from '../lib/viewport.js';
import { replaceFeatures } from './keyed-geojson.js';
import { RANK, restack, stackAt } from './stacking.js';
import { viewportLoader } from './viewport-loader.js';

/** Small grids load only when the view covers at most this much ground (about 2,500 unit grids of 1 ha). */
export const SMALL_GRID_MAX_VIEW_KM2 = 25;
/** A grid's label is shown only when the grid is at least this wide on screen, pixels (small: code; large: code and name). */
const MIN_LABELLED_WIDTH_PX = { small: 64, large: 100 };

const LARGE_STYLE = { color: '#0d47a1', weight: 3, opacity: 0.9, fillColor: '#0d47a1', fillOpacity: 0.03 };
const SMALL_STYLE = { color: '#37474f', weight: 1, opacity: 0.8, fillOpacity: 0.22 };
const EDIT_STYLE = { color: '#ff6f00', weight: 3, dashArray: '6 4' };
/** The clicked grid's outline: a solid dark line on a white halo, seen on any fill and base map. */
const HIGHLIGHT_HALO = { color: '#ffffff', weight: 8, opacity: 0.9, fill: false, interactive: false };
const HIGHLIGHT_LINE = { color: '#d81b60', weight: 4, opacity: 1, fill: false, interactive: false };
/** How long a grid found by the search stays outlined. */
const FLASH_MILLIS = 4000;
/** Picked grids (merge, split): filled as well as outlined. */
const PICKED_LINE = { color: '#d81b60', weight: 4, opacity: 1, fillColor: '#d81b60', fillOpacity: 0.3, interactive: false };

export function createGridLayers(ctx) {
  const { map, renderer, t } = ctx;
  let largeFeatures = [];
  let colours = new Map();
  let editing = null; // { code, layer } while a grid's vertices are being edited

  const large = L.geoJSON(null, {
    renderer,
    style: () => LARGE_STYLE,
    onEachFeature: bindPopup,
  });
  const small = L.geoJSON(null, {
    renderer,
    style: (feature) => ({ ...SMALL_STYLE, fillColor: colours.get(feature.properties.responsiblePerson || '') || '#90a4ae' }),
    onEachFeature: bindPopup,
  });

  // The outline of the grid whose popup is open, and the grids a tool has picked: their own layers,
  // so that a viewport reload of the grids does not take them away.
  const highlight = L.featureGroup().addTo(map);
  const picked = L.featureGroup().addTo(map);
  stackAt(RANK.routes - 1, highlight); // above streets and density fills, below routes and features
  stackAt(RANK.routes - 2, picked);
  let picker = null; // (feature) => void while a tool takes grids by click
  let popup = null;

  // Not Leaflet's bound popup: a grid reloaded while its popup is open (the popup pans the map) would
  // take the popup with it. The popup stands on the map, and its outline in the highlight layer.
  function bindPopup(feature, layer) {
    layer.on('click', (e) => {
      L.DomEvent.stopPropagation(e);
      if (picker) { picker(feature); return; }
      openPopup(feature, e.latlng);
    });
  }

  function outline(geometry, style, group) {
    group.addLayer(L.geoJSON(geometry, { renderer, style: () => style, interactive: false }));
  }

  function openPopup(feature, latlng) {
    highlight.clearLayers();
    outline(feature.geometry, HIGHLIGHT_HALO, highlight);
    outline(feature.geometry, HIGHLIGHT_LINE, highlight);
    restack(map);
    // On a phone the map is shorter than the summary: the popup scrolls inside the map rather than being
    // cut off by its edge (the responsible person's phone is the last row).
    const maxHeight = Math.max(140, map.getSize().y - 70);
    popup = L.popup({ maxWidth: 340, minWidth: 240, maxHeight, className: 'grid-popup-frame' })
      .setLatLng(latlng).setContent(popupContent(feature)).openOn(map);
    const mine = popup;
    mine.gridCode = feature.properties.code;
    mine.on('remove', () => { if (popup === mine) { highlight.clearLayers(); popup = null; } });
  }

  function popupContent(feature) {
    const p = feature.properties;
    const div = el('div', { class: 'popup grid-popup', dataset: { code: p.code } },
      el('h3', {}, `${t(p.level === 'large' ? 'grid.large' : 'grid.small')} ${p.code}`),
      el('p', { class: 'grid-popup-name' }, p.name || ''));
    const summary = el('div', { class: 'grid-summary' }, el('p', { class: 'popup-loading' }, t('gridSummary.loading')));
    div.append(summary);
    getGridSummary(p.code).then((s) => {
      summary.replaceChildren(...summaryRows(s, p));
      if (popup && popup.isOpen()) popup.update();
    }).catch((e) => {
      summary.replaceChildren(el('p', { class: 'form-error' }, e.message));
    });
    const actions = document.createElement('div');
    actions.className = 'popup-actions';
    for (const action of ['edit', 'shape', 'delete']) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = `grid-${action}`;
      button.textContent = t(`grid.action.${action}`);
      button.addEventListener('click', () => {
        map.closePopup();
        const layer = layerOf(p.code);
        ctx.emit('grid-action', { action, feature: layer ? layer.feature : feature, layer });
      });
      actions.append(button);
    }
    div.append(actions);
    return div;
  }

  /** The summary as popup rows: what people ask first, in that order. */
  function summaryRows(s, p) {
    const rows = [];
    const types = s.features.map((f) => {
      const type = ctx.featureTypes.find((ft) => ft.key === f.type);
      return el('li', { dataset: { type: f.type } }, type ? symbolElement(type.symbol, type.color, 14) : '',
        ` ${ctx.featureTypeLabel(f.type)} `, el('b', {}, String(f.count)));
    });
    rows.push(el('h4', {}, t('gridSummary.features', { count: s.featureTotal })),
      types.length ? el('ul', { class: 'grid-summary-types' }, types) : el('p', { class: 'help' }, t('gridSummary.noFeatures')));
    const table = [];
    if (s.baitCoverage) {
      table.push([t('gridSummary.bait'), t('gridSummary.baitValue', {
        share: Math.round(s.baitCoverage.coveredShare * 100), radius: s.baitCoverage.radiusMeters, stations: s.baitCoverage.stations,
      })]);
    }
    const d = s.density;
    const graded = Object.entries(d.vectors).map(([v, grade]) => `${t(`density.by.${v}`)} ${t(`gridSummary.grade.${grade}`)}`).join('，');
    table.push([t('gridSummary.density'), `${graded}`]);
    if (s.openCases !== undefined) table.push([t('gridSummary.openCases'), String(s.openCases)]);
    if (s.responsiblePerson !== undefined) table.push([t('grid.person'), s.responsiblePerson || t('gridSummary.nobody')]);
    rows.push(attributeTable(table));
    if (s.phone) {
      rows.push(el('p', { class: 'grid-summary-phone' }, `${t('grid.phone')}：`,
        el('a', { href: `tel:${s.phone.replace(/[^0-9+]/g, '')}` }, s.phone)));
    }
    rows.push(el('p', { class: 'help' }, t('gridSummary.area', { area: formatArea(p.areaM2, ctx.language) })));
    return rows;
  }

  async function loadLarge() {
    const collection = await api.getGrids({ level: 'large' });
    largeFeatures = collection.features;
    if (!editing) {
      large.clearLayers();
      large.addData(collection);
      restack(map);
      label(large);
    }
  }

  const smallLoader = viewportLoader(map, async ({ bbox, signal, still, changed }) => {
    if (editing || !map.hasLayer(small)) return;
    if (bboxAreaKm2(bbox) > SMALL_GRID_MAX_VIEW_KM2) {
      await still();
      small.clearLayers();
      ctx.view.notice('small-grids', t('notice.zoomForSmallGrids'));
      return;
    }
    ctx.view.notice('small-grids', null);
    const collection = await api.getGrids({ level: 'small', bbox }, signal);
    await still();
    if (editing) return;
    colours = coloursByPerson(collection.features.map((f) => ({
      person: f.properties.responsiblePerson || '', bbox: geometryBbox(f.geometry),
    })));
    // Only the grids new to this view are drawn; those kept take this view's colours.
    if (changed) small.clearLayers();
    const kept = replaceFeatures(small, collection);
    for (const layer of kept) layer.setStyle(small.options.style(layer.feature));
    restack(map);
    label(small);
  });

  // Labels of grids too narrow to hold them would cover each other and the features.
  function label(group) {
    group.eachLayer((layer) => {
      const p = layer.feature.properties;
      const b = layer.getBounds();
      const widthPx = map.latLngToContainerPoint(b.getNorthEast()).x - map.latLngToContainerPoint(b.getNorthWest()).x;
      const wanted = widthPx >= MIN_LABELLED_WIDTH_PX[p.level];
      if (wanted && !layer.getTooltip()) {
        // An element, not a string: Leaflet would parse a string as HTML, and the name is anyone's text.
        layer.bindTooltip(el('span', {}, p.level === 'large' ? `${p.code} ${p.name || ''}` : p.code),
          { permanent: true, direction: 'center', className: `grid-label grid-label-${p.level}` });
      } else if (!wanted && layer.getTooltip()) {
        layer.unbindTooltip();
      }
    });
  }
  map.on('zoomend', () => { if (!editing) { label(large); label(small); } });

  map.on('overlayadd', (e) => { if (e.layer === small) smallLoader.refresh(); });
  map.on('overlayremove', (e) => { if (e.layer === small) ctx.view.notice('small-grids', null); });
  ctx.on('grids-changed', () => { loadLarge(); smallLoader.refresh(); });
  stackAt(RANK.largeGrids, large);
  stackAt(RANK.smallGrids, small);
  large.addTo(map);
  small.addTo(map);
  loadLarge();
  smallLoader.refresh();

  /** Finds the drawn layer of grid `code` among the loaded ones. */
  function layerOf(code) {
    let found = null;
    for (const group of [large, small]) {
      group.eachLayer((layer) => { if (layer.feature.properties.code === code) found = layer; });
    }
    return found;
  }

  return {
    overlays: [
      { id: 'large-grids', label: t('layer.largeGrids'), layer: large},
      { id: 'small-grids', label: t('layer.smallGrids'), layer: small},
    ],
    legend: [
      { swatch: lineSwatch(LARGE_STYLE.color, 3), label: t('layer.largeGrids') },
      { swatch: el('span', { class: 'swatch-fill' }), label: t('legend.smallGrids') },
    ],
    api: {
      /** The large grids as GeoJSON features (for choosing a small grid's parent). */
      largeGrids: () => largeFeatures,
      /**
       * Lets the user drag the vertices of grid `code`.
       * @returns {{ geometry(): object, stop(): void } | null} null when the grid is not on the map
       */
      startShapeEdit(code) {
        const layer = layerOf(code);
        if (!layer || !layer.editing) return null;
        if (editing) editing.stop();
        layer.setStyle(EDIT_STYLE);
        layer.closeTooltip();
        layer.editing.enable();
        let problem = null;
        const clearProblem = () => {
          layer.unbindTooltip();
          if (problem) { map.removeLayer(problem); problem = null; }
        };
        const session = {
          code,
          geometry: () => layer.toGeoJSON().geometry,
          /** Shows a refusal next to the grid being edited, and marks `location` [lon, lat] when given. */
          showError(message, location) {
            clearProblem();
            layer.bindTooltip(el('span', {}, message), { permanent: true, direction: 'top', className: 'draft-error' }).openTooltip();
            if (location) {
              problem = L.circleMarker([location[1], location[0]], {
                radius: 10, color: '#d50000', weight: 3, fillOpacity: 0.3, interactive: false,
              }).addTo(map);
            }
          },
          stop() {
            clearProblem();
            layer.editing.disable();
            editing = null;
            loadLarge();
            smallLoader.refresh();
          },
        };
        editing = session;
        return session;
      },
      refresh: () => { loadLarge(); smallLoader.refresh(); },
      /**
       * Lets a tool take grids by click: each click on a grid calls onPick(feature) instead of opening
       * its popup, until the returned function is called. show(features) outlines the picked ones.
       */
      pickGrids(onPick) {
        map.closePopup();
        picker = onPick;
        map.getContainer().classList.add('picking-grids');
        return () => {
          if (picker === onPick) {
            picker = null;
            picked.clearLayers();
            map.getContainer().classList.remove('picking-grids');
          }
        };
      },
      /** Outlines the grids a tool has picked (GeoJSON features); an empty list clears them. */
      showPicked(features) {
        picked.clearLayers();
        for (const f of features) outline(f.geometry, PICKED_LINE, picked);
        restack(map);
      },
      /**
       * Outlines grid `feature` (GeoJSON) for a few seconds the way a click does: a grid found by the
       * search box is shown by its own outline, not by a dashed box around it.
       */
      flash(feature) {
        if (popup) return;
        highlight.clearLayers();
        outline(feature.geometry, HIGHLIGHT_HALO, highlight);
        outline(feature.geometry, HIGHLIGHT_LINE, highlight);
        restack(map);
        const shown = highlight.getLayers();
        setTimeout(() => {
          if (!popup && highlight.getLayers().every((l, i) => l === shown[i])) highlight.clearLayers();
        }, FLASH_MILLIS);
      },
      /** For the tests (read only): the code of the grid whose popup is open and how its outline is drawn. */
      highlighted: () => (popup ? { code: popup.gridCode, outlines: highlight.getLayers().length,
        style: highlight.getLayers().map((g) => {
          const o = g.getLayers()[0].options;
          return { color: o.color, weight: o.weight, dashArray: o.dashArray || null };
        }) } : null),
      stats: () => ({ largeGrids: large.getLayers().length, smallGrids: small.getLayers().length }),
    },
  };
}

function lineSwatch(color, weight) {
  return el('span', { class: 'swatch-line', style: { 'border-top': `${weight}px solid ${color}` } });
}
