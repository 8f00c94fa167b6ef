// The phone page for grid workers (field.html): choose the grid and your name once, then walk the
// grid with today's route and the features still to check on a small map, record each inspection
// in a form made from the feature type's outcome fields, and let the page record the patrol track.
// Every record goes through the outbox (lib/outbox.js) and leaves the phone only when the service
// confirmed it, so a dropped connection loses nothing and a retry never duplicates.
import * as api from '../api.js';
import { currentLanguage, loadLanguage, switchLanguage, t, translate } from '../i18n.js';
import { createFieldMap } from '../layers/field-map.js';
import { openBlobStore } from '../lib/blob-store.js';
import { createOutbox, localStorageStore } from '../lib/outbox.js';
import { addFix, breakTrack, isoWithOffset, trackGeometry, trackLengthM } from '../lib/track.js';
import { browserIsInZone, dateInZone, formatDateTime, knownZone } from '../lib/district-time.js';
import { element } from '../panels/cards.js';
import { openChoiceSheet, openInspectionForm } from './form.js';
import { shrinkPhoto } from './photo.js';
import { createFieldCases } from './cases.js';

const KEYS = {
  settings: 'gridwatch.field.settings',
  outbox: 'gridwatch.field.outbox',
  patrol: 'gridwatch.field.patrol',
  cache: 'gridwatch.field.cache.',
  done: 'gridwatch.field.done.',
};
/** A GPS fix older than this is not used to place a new site. */
const FIX_MAX_AGE_MS = 120_000;

const $ = (id) => document.getElementById(id);
const storage = window.localStorage;

function readJson(key, fallback) {
  try {
    const v = JSON.parse(storage.getItem(key));
    return v ?? fallback;
  } catch {
    return fallback;
  }
}
const writeJson = (key, value) => storage.setItem(key, JSON.stringify(value));

/**
 * The answer of `load()`, remembered under `key`; when the service cannot be reached the remembered
 * answer is used, so a page reloaded in a dead spot still shows the grid, route and list.
 */
async function cached(key, load) {
  try {
    const value = await load();
    try { writeJson(KEYS.cache + key, value); } catch { /* storage full: the page still works online */ }
    return { value, fresh: true };
  } catch (e) {
    const old = readJson(KEYS.cache + key, null);
    if (old !== null) return { value: old, fresh: false, error: e };
    throw e;
  }
}

let toastTimer = null;
function toast(message, kind = 'info') {
  const el = $('toast');
  el.textContent = message;
  el.className = kind;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 6000 : 3000);
}

async function start() {
  await loadLanguage();
  translate();
  const language = currentLanguage();
  $('lang-switch').addEventListener('click', () => switchLanguage(language === 'en' ? 'zh-CN' : 'en'));

  const [{ value: config }, { value: featureTypes }] = await Promise.all([
    cached('config', api.getMapConfig), cached('featureTypes', api.getFeatureTypes),
    // The session's CSRF token, before the first write (today's route, the outbox): without it every
    // first write was refused (403) and sent again. Offline the page starts without it.
    api.getSession().catch(() => null)]);
  const typeOf = (key) => featureTypes.find((ft) => ft.key === key);
  const typeLabel = (key) => {
    const type = typeOf(key);
    return type ? (language === 'en' ? type.labelEn : type.labelZh) : key;
  };

  // --- the outbox ------------------------------------------------------------------------------
  const photos = openBlobStore(window.indexedDB);

  /**
   * A photo goes after its inspection: the inspection is sent again (the service answers a known
   * clientId with the stored record, so this only learns its id), then the image is attached.
   */
  async function sendPhoto(record) {
    const key = record.body.inspection.clientId;
    const blob = await photos.get(key);
    if (!blob) throw Object.assign(new Error(t('field.photoMissing')), { status: 410 });
    const answer = await api.postInspection(record.body.inspection);
    await api.postInspectionPhoto(answer.inspections[0].id, blob);
    await photos.remove(key);
  }

  // Problem reports and cases to verify (field/cases.js): its records share this outbox.
  const fieldCases = createFieldCases({
    t, language, toast, photos, storage, sheet: $('sheet'), container: $('field-cases'),
    outbox: () => outbox,
    inspector: () => (state.settings ? state.settings.inspector : null),
    place: () => {
      const fix = state.lastFix && Date.now() - state.lastFix.at < FIX_MAX_AGE_MS ? state.lastFix : null;
      const [lon, lat] = fix ? [fix.lon, fix.lat] : state.map.center();
      return { lon, lat, where: fix ? t('field.whereGps', { m: Math.round(fix.accuracyM || 0) }) : t('field.whereMapCentre') };
    },
    position: () => state.lastFix,
    // A config cached before the service named its zone has none: the default zone then.
    zone: config.timeZone,
  });

  const outbox = createOutbox({
    store: localStorageStore(storage, KEYS.outbox),
    send: (record) => (fieldCases.handles(record) ? fieldCases.send(record) : record.kind === 'patrol' ? api.postPatrol(record.body)
      : record.kind === 'photo' ? sendPhoto(record) : api.postInspection(record.body)),
    onStoreError: () => toast(t('field.storageFull'), 'error'),
  });
  let sentCount = 0;
  const sentBodies = []; // of this page load, for the browser tests
  outbox.onChange(renderOutboxStatus);
  outbox.onSent((record) => {
    sentCount += 1;
    sentBodies.push(record.body);
    renderOutboxStatus();
    if (outbox.counts().queued === 0) { loadToCheck(); fieldCases.refresh(); } // the service's lists now include what was sent
  });
  window.addEventListener('online', () => { outbox.online(); renderOutboxStatus(); });
  window.addEventListener('offline', renderOutboxStatus);

  function renderOutboxStatus() {
    const { queued, rejected } = outbox.counts();
    const button = $('outbox-status');
    let text;
    let stateName;
    if (rejected > 0) { text = t('field.outbox.rejected', { count: rejected }); stateName = 'rejected'; }
    else if (queued > 0) { text = t(navigator.onLine ? 'field.outbox.sending' : 'field.outbox.offline', { count: queued }); stateName = 'queued'; }
    else { text = t('field.outbox.empty'); stateName = 'empty'; }
    button.textContent = text;
    button.dataset.state = stateName;
    button.dataset.queued = String(queued);
    button.dataset.rejected = String(rejected);
    if (!$('outbox-sheet').hidden) renderOutboxSheet();
  }

  function renderOutboxSheet() {
    const sheet = $('outbox-sheet');
    const records = outbox.records();
    const list = element('ul', { class: 'outbox-list' });
    for (const r of records) {
      const li = element('li', { 'data-client-id': r.clientId, 'data-state': r.state });
      const inspection = r.kind === 'photo' ? r.body.inspection : r.body;
      const what = fieldCases.handles(r) ? fieldCases.describe(r) : r.kind === 'patrol' ? t('field.outbox.patrol')
        : `${r.kind === 'photo' ? `${t('field.outbox.photo')} · ` : ''}${typeLabel(inspection.typeKey)}${
          inspection.featureId ? ` #${inspection.featureId}` : ` (${t('field.outbox.newSite')})`}`;
      li.append(element('strong', {}, what), element('span', { class: 'help' },
        r.state === 'rejected' ? t('field.outbox.refused', { error: r.lastError || '' })
          : r.attempts > 0 ? t('field.outbox.waiting', { attempts: r.attempts, error: r.lastError || '' }) : t('field.outbox.new')));
      if (r.state === 'rejected') {
        const retry = element('button', { type: 'button', class: 'big', 'data-action': 'outbox-retry' }, t('field.outbox.retry'));
        retry.addEventListener('click', () => outbox.retry(r.clientId));
        const discard = element('button', { type: 'button', class: 'big danger', 'data-action': 'outbox-discard' }, t('field.outbox.discard'));
        discard.addEventListener('click', () => { if (window.confirm(t('field.outbox.discardConfirm'))) outbox.discard(r.clientId); });
        const row = element('div', { class: 'sheet-buttons' });
        row.append(retry, discard);
        li.append(row);
      }
      list.append(li);
    }
    const close = element('button', { type: 'button', class: 'big', 'data-action': 'outbox-close' }, t('field.close'));
    close.addEventListener('click', () => { sheet.hidden = true; });
    const sendNow = element('button', { type: 'button', class: 'big primary', 'data-action': 'outbox-send' }, t('field.outbox.sendNow'));
    sendNow.addEventListener('click', () => outbox.online());
    const buttons = element('div', { class: 'sheet-buttons' });
    buttons.append(close, sendNow);
    sheet.replaceChildren(element('h2', {}, t('field.outbox.title')),
      element('p', { class: 'help' }, records.length ? t('field.outbox.explain') : t('field.outbox.empty')), list, buttons);
    sheet.hidden = false;
  }
  $('outbox-status').addEventListener('click', renderOutboxSheet);
  renderOutboxStatus();

  // --- setup: grid and inspector, remembered -----------------------------------------------------
  const state = { settings: readJson(KEYS.settings, null), grids: [], grid: null, toCheck: [], lastFix: null, watchId: null, map: null };

  async function loadGrids() {
    const { value } = await cached('smallGrids', async () => {
      const collection = await api.getGrids({ level: 'small' });
      return collection.features.map((f) => ({ ...f.properties, geometry: f.geometry }))
        .sort((a, b) => a.code.localeCompare(b.code));
    });
    state.grids = value;
  }

  function showSetup() {
    stopGps();
    $('work').hidden = true;
    $('setup').hidden = false;
    const select = $('setup-grid');
    select.replaceChildren(element('option', { value: '' }, t('field.setup.choose')));
    for (const g of state.grids) {
      const who = g.responsiblePerson ? ` · ${g.responsiblePerson}` : '';
      select.append(element('option', { value: g.code }, `${g.code} ${g.name || ''}${who}`));
    }
    if (state.settings) {
      select.value = state.settings.gridCode;
      $('setup-inspector').value = state.settings.inspector;
    }
  }

  $('setup-grid').addEventListener('change', () => {
    const g = state.grids.find((x) => x.code === $('setup-grid').value);
    if (g && g.responsiblePerson && !$('setup-inspector').value) $('setup-inspector').value = g.responsiblePerson;
  });
  $('setup-start').addEventListener('click', () => {
    const gridCode = $('setup-grid').value;
    const inspector = $('setup-inspector').value.trim();
    const problem = !gridCode ? t('field.setup.needGrid') : !inspector ? t('field.setup.needInspector') : null;
    $('setup-error').textContent = problem || '';
    $('setup-error').hidden = !problem;
    if (problem) return;
    // A patrol belongs to one grid and person: changing either ends the open one.
    const patrol = readJson(KEYS.patrol, null);
    if (patrol && (patrol.gridCode !== gridCode || patrol.inspector !== inspector)) endPatrol();
    state.settings = { gridCode, inspector };
    writeJson(KEYS.settings, state.settings);
    showWork();
  });
  $('change-setup').addEventListener('click', showSetup);

  // --- the working screen -----------------------------------------------------------------------
  function today() {
    // The district's day (a config cached before the service named its zone: the default zone).
    return dateInZone(new Date(), config.timeZone);
  }

  async function showWork() {
    $('setup').hidden = true;
    $('work').hidden = false;
    const { gridCode, inspector } = state.settings;
    state.grid = state.grids.find((g) => g.code === gridCode) || { code: gridCode, name: '' };
    $('work-who').textContent = t('field.who', { code: gridCode, name: state.grid.name || '', inspector });
    if (!state.map) state.map = createFieldMap($('field-map'), config, t, (item) => inspect(item));
    state.map.showGrid(state.grid.geometry || null);
    resumePatrol();
    startGps();
    await Promise.all([loadRoute(), loadToCheck(), fieldCases.refresh()]);
  }

  async function loadRoute() {
    const code = state.settings.gridCode;
    try {
      const { value } = await cached(`route.${code}.${today()}`, () => api.planRoute({
        grids: [code], types: featureTypes.map((ft) => ft.key), closed: true }));
      state.map.showRoute(value);
    } catch (e) {
      // A grid without features has no route to walk; the list says what there is to do.
      state.map.showRoute(null);
    }
  }

  /** featureIds inspected on this phone today (sent or not), so the list is right offline too. */
  function doneToday() {
    return new Set(readJson(`${KEYS.done}${state.settings.gridCode}.${today()}`, []));
  }

  function markDone(featureId) {
    const key = `${KEYS.done}${state.settings.gridCode}.${today()}`;
    const done = readJson(key, []);
    if (!done.includes(featureId)) done.push(featureId);
    writeJson(key, done);
  }

  async function loadToCheck() {
    if (!state.settings || $('work').hidden) return;
    const code = state.settings.gridCode;
    const note = $('to-check-note');
    note.hidden = true;
    let missed;
    try {
      const { value, fresh } = await cached(`log.${code}.${today()}`, () => api.getPatrolLog(code, today()));
      missed = value.missed || [];
      if (!fresh) { note.textContent = t('field.toCheckCached'); note.hidden = false; }
    } catch (e) {
      note.textContent = t('field.toCheckFailed', { error: e.message });
      note.hidden = false;
      missed = [];
    }
    const done = doneToday();
    state.toCheck = missed.filter((m) => !done.has(m.featureId)).map((m, i) => ({
      ...m, number: i + 1, color: (typeOf(m.typeKey) || {}).color,
      label: m.name ? `${typeLabel(m.typeKey)} · ${m.name}` : `${typeLabel(m.typeKey)} #${m.featureId}`,
    }));
    renderToCheck();
  }

  function renderToCheck() {
    const list = $('to-check-list');
    list.replaceChildren();
    for (const item of state.toCheck) {
      const li = element('li', {});
      const b = element('button', { type: 'button', class: 'to-check-item', 'data-feature-id': String(item.featureId) });
      b.append(element('span', { class: 'to-check-number', style: `background:${item.color || '#e65100'}` }, String(item.number)),
        element('span', { class: 'to-check-label' }, item.label));
      if (state.lastFix) {
        const d = Math.round(distance(state.lastFix, item));
        b.append(element('span', { class: 'to-check-distance' }, t('field.metres', { m: d })));
      }
      b.addEventListener('click', () => inspect(item));
      li.append(b);
      list.append(li);
    }
    $('to-check-count').textContent = `(${state.toCheck.length})`;
    if (state.toCheck.length === 0) list.append(element('li', { class: 'to-check-empty' }, t('field.toCheckEmpty')));
    state.map.showToCheck(state.toCheck);
  }

  function distance(a, b) {
    const rad = Math.PI / 180;
    const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
    const y = (b.lat - a.lat) * rad;
    return Math.hypot(x, y) * 6_371_008.8;
  }

  $('to-check-refresh').addEventListener('click', () => { outbox.online(); loadToCheck(); });

  // --- inspections ------------------------------------------------------------------------------
  async function inspect(item) {
    const type = typeOf(item.typeKey);
    const result = await openInspectionForm($('sheet'), {
      title: item.label, subtitle: t('field.inspectHint'), fields: (type && type.inspectionFields) || [], language, t,
    });
    if (!result) return;
    record({ featureId: item.featureId, typeKey: item.typeKey, point: null, ...result });
    markDone(item.featureId);
    state.toCheck = state.toCheck.filter((x) => x.featureId !== item.featureId);
    renderToCheck();
  }

  $('new-site').addEventListener('click', async () => {
    const fix = state.lastFix && Date.now() - state.lastFix.at < FIX_MAX_AGE_MS ? state.lastFix : null;
    const [lon, lat] = fix ? [fix.lon, fix.lat] : state.map.center();
    const where = fix ? t('field.whereGps', { m: Math.round(fix.accuracyM || 0) }) : t('field.whereMapCentre');
    const typeKey = await openChoiceSheet($('sheet'), {
      title: t('field.newSiteType'), subtitle: where, t,
      choices: featureTypes.map((ft) => ({ value: ft.key, label: typeLabel(ft.key), color: ft.color })),
    });
    if (!typeKey) return;
    const type = typeOf(typeKey);
    const result = await openInspectionForm($('sheet'), {
      title: t('field.newSiteTitle', { type: typeLabel(typeKey) }), subtitle: where, fields: (type && type.inspectionFields) || [], language, t,
    });
    if (!result) return;
    record({ featureId: null, typeKey, point: { type: 'Point', coordinates: [round7(lon), round7(lat)] }, ...result });
  });

  function record({ featureId, typeKey, point, outcome, note, photo }) {
    const patrol = readJson(KEYS.patrol, null);
    const added = outbox.add('inspection', {
      featureId, typeKey, point,
      patrolId: null,
      patrolClientId: patrol ? patrol.clientId : null,
      inspector: state.settings.inspector,
      inspectedAt: isoWithOffset(new Date()),
      outcome,
      note,
    });
    toast(t('field.saved'));
    if (photo) attachPhoto(added.body, photo);
  }

  /** Stores the photo on the phone first, then queues it behind its inspection (priority 2: text records go first). */
  async function attachPhoto(inspection, file) {
    try {
      await photos.put(inspection.clientId, await shrinkPhoto(file));
      outbox.add('photo', { inspection }, { priority: 2 });
    } catch (e) {
      toast(t('field.photoFailed', { error: e.message }), 'error');
    }
  }

  // --- the patrol and its GPS track -----------------------------------------------------------------
  function newPatrol() {
    const patrol = {
      clientId: crypto.randomUUID(), gridCode: state.settings.gridCode, inspector: state.settings.inspector,
      startedAt: isoWithOffset(new Date()), date: today(), segments: [[]], lastFixAt: null,
    };
    writeJson(KEYS.patrol, patrol);
    return patrol;
  }

  /** Continues the patrol left open by an earlier page load of today; one of another day is ended. */
  function resumePatrol() {
    let patrol = readJson(KEYS.patrol, null);
    if (patrol && patrol.date !== today()) { endPatrol(); patrol = null; }
    if (patrol) { breakTrack(patrol.segments); writeJson(KEYS.patrol, patrol); }
    // The page records while it is open: opening it starts a patrol.
    else newPatrol();
    renderPatrol();
  }

  /** Queues the open patrol (ended now, or at its last fix when it is from an earlier day). */
  function endPatrol() {
    const patrol = readJson(KEYS.patrol, null);
    if (!patrol) return;
    const endedAt = patrol.date === today() || !patrol.lastFixAt ? isoWithOffset(new Date()) : patrol.lastFixAt;
    const body = {
      clientId: patrol.clientId, inspector: patrol.inspector, gridCode: patrol.gridCode,
      startedAt: patrol.startedAt, endedAt: endedAt < patrol.startedAt ? patrol.startedAt : endedAt,
    };
    const track = trackGeometry(patrol.segments);
    if (track) body.track = track; // without one the patrol counts but adds no path length
    // Patrols go first, so the inspections that name it by patrolClientId find it.
    outbox.add('patrol', body, { priority: 0 });
    storage.removeItem(KEYS.patrol);
  }

  /**
   * A patrol time at the district's clock, as the case list shows its times and the patrol log counts its
   * day: startedAt carries the phone's offset, and a phone set to another zone read its own hour here.
   * The zone is named only where the phone's clock reads otherwise.
   */
  function patrolTime(iso) {
    const zone = knownZone(config.timeZone);
    const time = formatDateTime(iso, language, zone, PATROL_TIME_FORMAT);
    return browserIsInZone(zone) ? time : `${time} (${zone})`;
  }

  function renderPatrol() {
    const patrol = readJson(KEYS.patrol, null);
    const status = $('patrol-status');
    const toggle = $('patrol-toggle');
    if (!patrol) {
      status.textContent = t('field.patrol.none');
      toggle.textContent = t('field.patrol.start');
      toggle.dataset.action = 'patrol-start';
      toggle.className = 'big primary';
    } else {
      const km = (trackLengthM(patrol.segments) / 1000).toFixed(2);
      const gps = state.gpsError ? t('field.gps.error', { error: state.gpsError })
        : state.lastFix ? t('field.gps.ok', { m: Math.round(state.lastFix.accuracyM || 0) }) : t('field.gps.waiting');
      status.textContent = t('field.patrol.open', { time: patrolTime(patrol.startedAt), km, gps });
      toggle.textContent = t('field.patrol.end');
      toggle.dataset.action = 'patrol-end';
      toggle.className = 'big';
      state.map.showTrack(patrol.segments);
    }
  }

  $('patrol-toggle').addEventListener('click', () => {
    if (readJson(KEYS.patrol, null)) {
      if (!window.confirm(t('field.patrol.endConfirm'))) return;
      endPatrol();
      toast(t('field.patrol.ended'));
    } else {
      newPatrol();
    }
    renderPatrol();
  });

  function onFix(position) {
    const fix = { lon: position.coords.longitude, lat: position.coords.latitude, accuracyM: position.coords.accuracy, at: Date.now() };
    state.lastFix = fix;
    state.gpsError = null;
    state.map.showPosition(fix);
    const patrol = readJson(KEYS.patrol, null);
    if (patrol && addFix(patrol.segments, fix)) {
      patrol.lastFixAt = isoWithOffset(new Date(position.timestamp || Date.now()));
      writeJson(KEYS.patrol, patrol);
    }
    renderPatrol();
  }

  function startGps() {
    if (state.watchId !== null) return;
    if (!('geolocation' in navigator)) { state.gpsError = t('field.gps.unsupported'); renderPatrol(); return; }
    state.watchId = navigator.geolocation.watchPosition(onFix, (e) => {
      state.gpsError = e.message || t('field.gps.unsupported');
      renderPatrol();
    }, { enableHighAccuracy: true, maximumAge: 5000, timeout: 60_000 });
  }

  function stopGps() {
    if (state.watchId !== null) navigator.geolocation.clearWatch(state.watchId);
    state.watchId = null;
  }

  // --- start ------------------------------------------------------------------------------------
  window.gridwatchField = {
    outbox,
    idle: () => api.pendingRequests() === 0 && !outbox.counts().sending,
    state: () => ({ settings: state.settings, toCheck: state.toCheck.map((x) => x.featureId), patrol: readJson(KEYS.patrol, null), sent: sentCount,
      map: state.map ? state.map.stats() : null }),
    sentBodies: () => sentBodies.map((b) => ({ ...b })),
    cases: () => fieldCases.state(),
  };

  // Whatever an earlier page load left unsent goes now.
  outbox.flush();
  try {
    await loadGrids();
  } catch (e) {
    toast(`${t('field.gridsFailed')}: ${e.message}`, 'error');
  }
  if (state.settings && state.grids.some((g) => g.code === state.settings.gridCode)) await showWork();
  else showSetup();
  document.body.dataset.ready = 'true';
}

/** Hours and minutes, 24-hour: a patrol started today. */
const PATROL_TIME_FORMAT = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function round7(v) {
  return Math.round(v * 1e7) / 1e7;
}

start().catch((e) => {
  console.error(e);
  toast(`${t('app.startFailed')}: ${e.message}`, 'error');
});
