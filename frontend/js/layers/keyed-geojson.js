// A viewport reload of a GeoJSON layer without drawing again what did not change: after a pan or zoom most of
// the new view's grids and streets are the ones already drawn, and building their Leaflet layers (and the
// grids' labels) anew is most of the time from answer to picture.

const SIGNATURE = Symbol('geojson signature');

function signatureOf(layer) {
  if (layer[SIGNATURE] === undefined) layer[SIGNATURE] = JSON.stringify(layer.feature);
  return layer[SIGNATURE];
}

/**
 * Makes L.GeoJSON `group` show exactly the features of `collection`: a drawn feature whose GeoJSON is the
 * same (geometry and properties, as JSON) keeps its layer (its tooltip, popup and place in the draw order),
 * the others are removed, the new ones added through the group's own options (style, onEachFeature).
 * @returns {Set} the layers kept (a caller whose style depends on the whole collection restyles them)
 */
export function replaceFeatures(group, collection) {
  const drawn = new Map();
  group.eachLayer((layer) => { if (layer.feature) drawn.set(signatureOf(layer), layer); });
  const kept = new Set();
  const fresh = new Map(); // feature -> its signature
  for (const feature of collection.features) {
    const signature = JSON.stringify(feature);
    const layer = drawn.get(signature);
    if (layer && !kept.has(layer)) {
      kept.add(layer);
    } else {
      fresh.set(feature, signature);
    }
  }
  for (const layer of drawn.values()) if (!kept.has(layer)) group.removeLayer(layer);
  if (fresh.size) {
    group.addData({ type: 'FeatureCollection', features: [...fresh.keys()] });
    // Each new layer holds the very feature object it was made from: its signature is already known.
    group.eachLayer((layer) => {
      if (layer[SIGNATURE] === undefined && fresh.has(layer.feature)) layer[SIGNATURE] = fresh.get(layer.feature);
    });
  }
  return kept;
}
