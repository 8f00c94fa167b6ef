// Room checks of key units (重点单位) on the phone: the consistency rules the service applies too
// (a part never above its whole; a part needs its whole) and the rates the checker sees while typing.
// Pure functions, no DOM.

/** Part field → the whole it is part of. */
export const ROOM_PARTS = {
  roomsWithRodentSigns: 'roomsChecked',
  roomsWithFlies: 'roomsChecked',
  roomsWithCockroaches: 'roomsChecked',
  roomsWithEggCases: 'roomsChecked',
  roomsWithCockroachSigns: 'roomsChecked',
  ratProofingCompliant: 'ratProofingChecked',
  flyProofingCompliant: 'flyProofingChecked',
};

/**
 * The problems of a room-check outcome: [{ field, whole, kind: 'exceeds'|'missing' }]. A facilities
 * count checked without its compliant count is missing too.
 */
export function roomCheckProblems(outcome) {
  const problems = [];
  const has = (k) => Number.isFinite(outcome[k]);
  for (const [part, whole] of Object.entries(ROOM_PARTS)) {
    if (!has(part)) continue;
    if (!has(whole)) problems.push({ field: part, whole, kind: 'missing' });
    else if (outcome[part] > outcome[whole]) problems.push({ field: part, whole, kind: 'exceeds' });
  }
  for (const prefix of ['ratProofing', 'flyProofing']) {
    if (has(`${prefix}Checked`) && !has(`${prefix}Compliant`)) {
      problems.push({ field: `${prefix}Checked`, whole: `${prefix}Compliant`, kind: 'missing' });
    }
  }
  return problems;
}

/** The unit's rates in percent (null where the whole is 0 or missing), as the density view computes them. */
export function roomRates(outcome) {
  const rate = (part, whole) => (Number.isFinite(outcome[part]) && outcome[whole] > 0 ? (100 * outcome[part]) / outcome[whole] : null);
  return {
    rodentSigns: rate('roomsWithRodentSigns', 'roomsChecked'),
    ratProofing: rate('ratProofingCompliant', 'ratProofingChecked'),
    flies: rate('roomsWithFlies', 'roomsChecked'),
    flyProofing: rate('flyProofingCompliant', 'flyProofingChecked'),
    cockroaches: rate('roomsWithCockroaches', 'roomsChecked'),
    eggCases: rate('roomsWithEggCases', 'roomsChecked'),
    cockroachSigns: rate('roomsWithCockroachSigns', 'roomsChecked'),
  };
}
