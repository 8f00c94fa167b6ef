// The street network, loaded per viewport when the view is small enough to need it.
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { el } from '../lib/dom.js';
import { attributeTable } from '../lib/format.js';
import { bboxAreaKm2 } from '../lib/viewport.js';
import { replaceFeatures } from './keyed-geojson.js';
import { RANK, restack, stackAt } from './stacking.js';
import { viewportLoader } from './viewport-loader.js';

/** Streets load only when the view covers at most this much ground. */
export const STREET_MAX_VIEW_KM2 = 25;

const WEIGHT_BY_CLASS = { primary: 4, secondary: 3, residential: 2, alley: 1 };
const STREET_COLOR = '#d89a2b';

export function createStreetLayer(ctx) {
  const { map, renderer, t } = ctx;
  const streets = L.geoJSON(null, {
    renderer,
    style: (f) => ({ color: STREET_COLOR, weight: WEIGHT_BY_CLASS[f.properties.class] || 2, opacity: 0.75 }),
    onEachFeature: (f, layer) => layer.bindPopup(() => el('div', { class: 'popup' }, el('h3', {}, t('street.title')), attributeTable([
      [t('street.name'), f.properties.name], [t('street.class'), t(`street.class.${f.properties.class}`)],
    ]))),
  });

  const loader = viewportLoader(map, async ({ bbox, signal, still, changed }) => {
    if (!map.hasLayer(streets)) return;
    if (bboxAreaKm2(bbox) > STREET_MAX_VIEW_KM2) {
      await still();
      streets.clearLayers();
      return;
    }
    const collection = await api.getStreets(bbox, signal);
    await still();
    // Only the streets new to this view are drawn.
    if (changed) streets.clearLayers();
    replaceFeatures(streets, collection);
    restack(map);
  });
  map.on('overlayadd', (e) => { if (e.layer === streets) loader.refresh(); });
  stackAt(RANK.streets, streets);
  streets.addTo(map);
  loader.refresh();

  return {
    overlays: [{ id: 'streets', label: t('layer.streets'), layer: streets}],
    legend: [{ swatch: el('span', { class: 'swatch-line', style: { 'border-top': `3px solid ${STREET_COLOR}` } }), label: t('layer.streets') }],
    api: { refresh: () => loader.refresh(), stats: () => ({ streets: streets.getLayers().length }) },
  };
}
