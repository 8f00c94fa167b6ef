// Fill colours for small grids: one colour per responsible person, chosen so that touching grids
// of different people differ. Pure functions, no DOM, no Leaflet.

/** Twelve fills that stay readable under grid outlines and feature symbols. */
export const PALETTE = [
  '#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4',
  '#46f0f0', '#f032e6', '#bcf60c', '#fabebe', '#008080', '#9a6324',
];

/** A stable small hash of a string (FNV-1a, 32 bit). */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Colours per person. `grids` is an array of { person, bbox: [minLon, minLat, maxLon, maxLat] };
 * two grids count as neighbours when their boxes touch. Each person first gets the palette colour
 * of their name's hash (so a colour survives panning), and only when a neighbouring person already
 * holds it, the next free one. People are handled in name order, so the result is deterministic.
 *
 * @returns {Map<string, string>} person -> '#rrggbb'
 */
export function coloursByPerson(grids, palette = PALETTE) {
  const neighbours = new Map();
  const people = [...new Set(grids.map((g) => g.person || ''))].sort();
  people.forEach((p) => neighbours.set(p, new Set()));
  // Sort by west edge so only boxes that can overlap in longitude are compared.
  const sorted = [...grids].sort((a, b) => a.bbox[0] - b.bbox[0]);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].bbox[0] <= a.bbox[2]; j++) {
      const b = sorted[j];
      const pa = a.person || '', pb = b.person || '';
      if (pa !== pb && boxesTouch(a.bbox, b.bbox)) {
        neighbours.get(pa).add(pb);
        neighbours.get(pb).add(pa);
      }
    }
  }
  const colours = new Map();
  for (const person of people) {
    const taken = new Set([...neighbours.get(person)].map((n) => colours.get(n)).filter(Boolean));
    const start = hash(person) % palette.length;
    let chosen = palette[start];
    for (let k = 0; k < palette.length; k++) {
      const candidate = palette[(start + k) % palette.length];
      if (!taken.has(candidate)) { chosen = candidate; break; }
    }
    colours.set(person, chosen);
  }
  return colours;
}

function boxesTouch(a, b) {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
