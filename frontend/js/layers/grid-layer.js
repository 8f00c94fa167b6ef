// Large grids (bold outline, labelled "code name", loaded once) and small grids (thin outline,
// labelled with their code, filled by responsible person, loaded per viewport).
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { coloursByPerson } from '../lib/colors.js';
import { el } from '../lib/dom.js';
import { attributeTable, formatArea } from '../lib/format.js';
import { bboxAreaKm2, geometryBbox } from '../lib/viewport.js';
import { RANK, restack, stackAt } from './stacking.js';
import { viewportLoader } from './viewport-loader.js';

/** Small grids load only when the view covers at most this much ground (about 2,500 unit grids of 1 ha). */
export const SMALL_GRID_MAX_VIEW_KM2 = 25;
/** A grid's label is shown only when the grid is at least this wide on screen, pixels (small: code; large: code and name). */
const MIN_LABELLED_WIDTH_PX = { small: 64, large: 100 };

const LARGE_STYLE = { color: '#0d47a1', weight: 3, opacity: 0.9, fillColor: '#0d47a1', fillOpacity: 0.03 };
const SMALL_STYLE = { color: '#37474f', weight: 1, opacity: 0.8, fillOpacity: 0.22 };
const EDIT_STYLE = { color: '#ff6f00', weight: 3, dashArray: '6 4' };

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

  function bindPopup(feature, layer) {
    layer.bindPopup(() => popupContent(feature, layer), { maxWidth: 320 });
  }

  function popupContent(feature, layer) {
    const p = feature.properties;
    const div = el('div', { class: 'popup grid-popup' }, el('h3', {}, t(p.level === 'large' ? 'grid.large' : 'grid.small')),
      attributeTable([
        [t('grid.code'), p.code], [t('grid.name'), p.name], [t('grid.parent'), p.parentCode],
        [t('grid.person'), p.responsiblePerson], [t('grid.phone'), p.phone],
        [t('grid.area'), formatArea(p.areaM2, ctx.language)],
      ]));
    const actions = document.createElement('div');
    actions.className = 'popup-actions';
    for (const action of ['edit', 'shape', 'delete']) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = `grid-${action}`;
      button.textContent = t(`grid.action.${action}`);
      button.addEventListener('click', () => {
        map.closePopup();
        ctx.emit('grid-action', { action, feature: layer.feature, layer });
      });
      actions.append(button);
    }
    div.append(actions);
    return div;
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

  const smallLoader = viewportLoader(map, async ({ bbox, signal }) => {
    if (editing || !map.hasLayer(small)) return;
    if (bboxAreaKm2(bbox) > SMALL_GRID_MAX_VIEW_KM2) {
      small.clearLayers();
      ctx.view.notice('small-grids', t('notice.zoomForSmallGrids'));
      return;
    }
    ctx.view.notice('small-grids', null);
    const collection = await api.getGrids({ level: 'small', bbox }, signal);
    if (editing) return;
    colours = coloursByPerson(collection.features.map((f) => ({
      person: f.properties.responsiblePerson || '', bbox: geometryBbox(f.geometry),
    })));
    small.clearLayers();
    small.addData(collection);
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
      stats: () => ({ largeGrids: large.getLayers().length, smallGrids: small.getLayers().length }),
    },
  };
}

function lineSwatch(color, weight) {
  return el('span', { class: 'swatch-line', style: { 'border-top': `${weight}px solid ${color}` } });
}
