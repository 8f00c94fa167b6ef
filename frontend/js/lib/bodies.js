// Request bodies for the API, built from what the API returned. Pure functions.

/** The body that stores `feature` (as read from the API) at `coordinates` [lon, lat], with `changes` applied. */
export function featureBody(feature, coordinates, changes = {}) {
  const p = feature.properties;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: {
      type: p.type, name: p.name, code: p.code, address: p.address, status: p.status,
      attributes: p.attributes || {}, version: p.version, ...changes,
    },
  };
}

/** A grid body: `geometry` GeoJSON, `fields` {code, name, level, parentCode, responsiblePerson, phone, version?}. */
export function gridBody(geometry, fields) {
  const properties = {};
  for (const key of ['code', 'name', 'level', 'parentCode', 'responsiblePerson', 'phone', 'version']) {
    const value = typeof fields[key] === 'string' ? fields[key].trim() : fields[key];
    if (value !== undefined && value !== null && value !== '') properties[key] = value;
  }
  return { type: 'Feature', geometry, properties };
}
