// The case loop on the phone page (issue 21): "report a problem" (class, short text, camera photo,
// GPS point) and "my cases to verify" (go there, confirm with a photo, or send back for rework).
// A report goes through the page's outbox like an inspection: kind 'case' with a clientId the
// service stores once, then its photo (kind 'case-photo'), so a dead spot loses nothing and a retry
// never makes a second case. Verifying needs the case's current version, so it is done online.
import * as caseApi from '../case-api.js';
import { caseLonLat, className, listItems, stageDeadline, urgencyOf } from '../lib/cases.js';
import { browserIsInZone, formatDateTime, knownZone } from '../lib/district-time.js';
import { element } from '../panels/cards.js';
import { openChoiceSheet } from './form.js';
import { shrinkPhoto } from './photo.js';

const CLASSES_CACHE_KEY = 'gridwatch.field.cache.caseClasses';
const KINDS = new Set(['case', 'case-photo']);

/**
 * @param {object} deps
 *   t, language, toast(message, kind), photos (the page's blob store), sheet (the page's sheet element),
 *   container (element the two sections go into), outbox: () => the page's outbox,
 *   place: () => { lon, lat, where } (the GPS fix when fresh, else the map's centre),
 *   position: () => { lon, lat } or null (the last fix, for distances), storage (localStorage),
 *   zone: the district's time zone (`timeZone` of api/map/config), in which case times are shown
 */
export function createFieldCases(deps) {
  const { t, language, toast, photos, sheet, container, storage } = deps;
  // Case times at the district's clock, as its deadlines are counted (not the phone's zone).
  const zone = knownZone(deps.zone);
  const when = (iso) => formatDateTime(iso, language, zone, TIME_FORMAT);
  let classes = readClasses();
  let toVerify = [];

  function readClasses() {
    try { return JSON.parse(storage.getItem(CLASSES_CACHE_KEY)) || []; } catch { return []; }
  }

  async function loadClasses() {
    try {
      const answer = await caseApi.getCaseClasses();
      classes = Array.isArray(answer) ? answer : answer.classes || [];
      try { storage.setItem(CLASSES_CACHE_KEY, JSON.stringify(classes)); } catch { /* storage full: online still works */ }
    } catch {
      // Offline: the classes remembered from the last time the page was online.
    }
  }

  // --- the two sections ----------------------------------------------------------------------------
  const reportButton = element('button', { type: 'button', id: 'report-problem', class: 'big secondary', 'data-action': 'report-problem' }, t('fieldcase.report'));
  const verifyTitle = element('h2', { class: 'to-verify-title' });
  verifyTitle.append(element('span', {}, t('fieldcase.toVerify')), document.createTextNode(' '), element('span', { id: 'to-verify-count' }));
  const verifyNote = element('p', { class: 'help', id: 'to-verify-note', hidden: true });
  // Named only where the phone's clock reads otherwise, so nobody takes the times for local ones.
  const zoneNote = element('p', { class: 'help', id: 'to-verify-zone', hidden: true }, t('fieldcase.timeZone', { zone }));
  const verifyList = element('ol', { id: 'to-verify-list' });
  container.replaceChildren(reportButton, verifyTitle, verifyNote, zoneNote, verifyList);

  reportButton.addEventListener('click', report);

  // --- report a problem ----------------------------------------------------------------------------
  async function report() {
    if (classes.length === 0) await loadClasses();
    const here = deps.place();
    const where = t('fieldcase.where', { where: here.where });
    const classCode = await openChoiceSheet(sheet, {
      title: t('fieldcase.class'), subtitle: where, t,
      choices: classes.map((c) => ({ value: c.code, label: className(c, language) })),
    });
    if (!classCode) return;
    const result = await openReportForm(classCode, where);
    if (!result) return;
    const added = deps.outbox().add('case', {
      source: 'field', classCode,
      lon: round7(here.lon), lat: round7(here.lat),
      description: result.text || null,
    });
    if (result.photo) {
      try {
        await photos.put(`case:${added.body.clientId}`, await shrinkPhoto(result.photo));
        deps.outbox().add('case-photo', { report: added.body }, { priority: 2 });
      } catch (e) {
        toast(t('field.photoFailed', { error: e.message }), 'error');
      }
    }
    toast(t('fieldcase.saved'));
  }

  function openReportForm(classCode, where) {
    const cls = classes.find((c) => c.code === classCode);
    const form = element('form', { class: 'case-report-form', novalidate: true });
    const text = element('textarea', { name: 'case-text', rows: '3', maxlength: '500', placeholder: t('fieldcase.textPlaceholder') });
    const textField = element('label', { class: 'big-field' });
    textField.append(element('span', {}, t('fieldcase.text')), text);
    const { label: photoButton, input: photo } = photoInput('case-photo', t('fieldcase.photo'));
    const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
    const save = element('button', { type: 'submit', class: 'big primary', 'data-action': 'case-report-save' }, t('fieldcase.send'));
    const cancel = element('button', { type: 'button', class: 'big', 'data-action': 'case-report-cancel' }, t('field.cancel'));
    const buttons = element('div', { class: 'sheet-buttons' });
    buttons.append(cancel, save);
    form.append(element('h2', {}, `${t('fieldcase.reportTitle')} · ${className(cls, language) || classCode}`),
      element('p', { class: 'help form-where' }, where), photoButton, textField, error, buttons);
    sheet.replaceChildren(form);
    sheet.hidden = false;
    sheet.scrollTop = 0;
    return new Promise((resolve) => {
      const close = (v) => { sheet.hidden = true; sheet.replaceChildren(); resolve(v); };
      cancel.addEventListener('click', () => close(null));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        // A problem report without a photo is hard to judge at the desk: the phone asks for one.
        if (!photo.files.length) { error.textContent = t('fieldcase.needPhoto'); error.hidden = false; return; }
        close({ text: text.value.trim(), photo: photo.files[0] });
      });
    });
  }

  function photoInput(name, text) {
    const input = element('input', { type: 'file', accept: 'image/jpeg,image/png,image/*', capture: 'environment', name, class: 'photo-input' });
    const label = element('label', { class: 'big photo-button', 'data-action': name });
    const span = element('span', {}, text);
    label.append(input, span);
    input.addEventListener('change', () => {
      span.textContent = input.files.length ? t('fieldcase.photoChosen', { name: input.files[0].name }) : text;
    });
    return { label, input };
  }

  /** Sends one outbox record of this module (kinds 'case' and 'case-photo'). */
  async function send(record) {
    if (record.kind === 'case') return caseApi.postCase(record.body);
    const key = `case:${record.body.report.clientId}`;
    const blob = await photos.get(key);
    if (!blob) throw Object.assign(new Error(t('field.photoMissing')), { status: 410 });
    // The report again: the service answers its known clientId with the stored case, so this learns its id.
    const stored = await caseApi.postCase(record.body.report);
    await caseApi.postCasePhoto(stored.id, blob, 'before');
    await photos.remove(key);
    return null;
  }

  // --- my cases to verify ----------------------------------------------------------------------------
  async function loadToVerify() {
    verifyNote.hidden = true;
    let answer;
    try {
      answer = await caseApi.getMine({ size: 100 });
    } catch (e) {
      verifyNote.textContent = t('fieldcase.toVerifyFailed', { error: e.message });
      verifyNote.hidden = false;
      return false;
    }
    // A grid worker's "mine" is the handled cases of its grids, waiting to be verified.
    const items = listItems(answer).filter((c) => c.status === 'handled');
    toVerify = items;
    renderToVerify();
    return true;
  }

  function renderToVerify() {
    document.getElementById('to-verify-count').textContent = toVerify.length ? `(${toVerify.length})` : '';
    zoneNote.hidden = toVerify.length === 0 || browserIsInZone(zone);
    const me = deps.position();
    const now = Date.now();
    verifyList.replaceChildren(...(toVerify.length === 0
      ? [element('li', { class: 'to-check-empty' }, t('fieldcase.toVerifyEmpty'))]
      : toVerify.map((c) => {
        const [lon, lat] = caseLonLat(c) || [null, null];
        const cls = classes.find((x) => x.code === c.classCode);
        const li = element('li');
        const urgency = urgencyOf(c, now);
        const b = element('button', { type: 'button', class: `to-check-item to-verify-item urgency-${urgency}`, 'data-case-id': String(c.id), 'data-urgency': urgency });
        const label = element('span', { class: 'to-check-label' });
        label.append(element('span', {}, `${c.number || `#${c.id}`} · ${className(cls, language) || c.classCode || ''}`), caseTimes(c, urgency));
        b.append(label);
        if (me && lon !== null) b.append(element('span', { class: 'to-check-distance' }, t('fieldcase.distance', { m: Math.round(metres(me, { lon, lat })) })));
        b.addEventListener('click', () => openVerify(c));
        li.append(b);
        return li;
      })));
  }

  /** A case's report time and its stage's deadline, the deadline marked when it has passed. */
  function caseTimes(c, urgency) {
    const times = element('span', { class: 'case-times' });
    if (c.reportedAt) times.append(element('span', { class: 'case-reported-at' }, t('fieldcase.reportedAt', { time: when(c.reportedAt) })));
    const deadline = stageDeadline(c);
    if (deadline) {
      const due = element('span', { class: `case-deadline urgency-${urgency}` }, t('fieldcase.deadline', { time: when(deadline) }));
      if (urgency === 'overdue') due.append(' ', element('strong', { class: 'case-overdue' }, t('fieldcase.overdue')));
      times.append(due);
    }
    return times;
  }

  async function openVerify(c) {
    let current;
    try {
      current = await caseApi.getCase(c.id);
    } catch (e) {
      toast(e.message, 'error');
      return;
    }
    const p = current;
    const [lon, lat] = caseLonLat(p) || [null, null];
    const box = element('div', { class: 'case-verify' });
    const heading = element('h2', {}, t('fieldcase.verifyTitle', { number: p.number || `#${p.id}` }));
    const what = element('p', { class: 'help' }, [p.description, p.smallGridCode].filter(Boolean).join(' · '));
    // "Go there": the phone's own maps app through a geo: link (no request leaves from this page).
    const go = lon === null ? null : element('a', { class: 'big-link', href: `geo:${lat},${lon}?q=${lat},${lon}`, 'data-action': 'case-go' }, t('fieldcase.go'));
    // What the handler sent as done: the after-photos, to compare with what is there now.
    const photosBox = element('div', { class: 'case-photos' });
    for (const ph of (p.photos || []).filter((x) => x.kind === 'after' || x.kind === 'before')) {
      photosBox.append(element('img', { src: caseApi.casePhotoUrl(p.id, ph.id), alt: t('case.photo'), class: 'case-photo', 'data-kind': ph.kind }));
    }
    const { label: photoButton, input: photo } = photoInput('verify-photo', t('fieldcase.verifyPhoto'));
    const reason = element('textarea', { name: 'rework-reason', rows: '2' });
    const reasonField = element('label', { class: 'big-field' });
    reasonField.append(element('span', {}, t('fieldcase.reworkReason')), reason);
    const error = element('p', { class: 'form-error', role: 'alert', hidden: true });
    const verify = element('button', { type: 'button', class: 'big primary', 'data-action': 'case-verify' }, t('fieldcase.verify'));
    const rework = element('button', { type: 'button', class: 'big danger', 'data-action': 'case-rework' }, t('fieldcase.rework'));
    const cancel = element('button', { type: 'button', class: 'big', 'data-action': 'case-verify-cancel' }, t('field.cancel'));
    box.append(heading, what, photosBox);
    if (go) box.append(go);
    box.append(photoButton, reasonField, error, verify, rework, cancel);
    sheet.replaceChildren(box);
    sheet.hidden = false;
    sheet.scrollTop = 0;
    const close = () => { sheet.hidden = true; sheet.replaceChildren(); };
    const fail = (message) => { error.textContent = message; error.hidden = false; };
    cancel.addEventListener('click', close);

    async function transition(action) {
      error.hidden = true;
      if (action === 'verify' && !photo.files.length) return fail(t('fieldcase.needPhoto'));
      if (action === 'rework' && !reason.value.trim()) return fail(t('fieldcase.needReworkReason'));
      verify.disabled = true;
      rework.disabled = true;
      try {
        const body = { action, version: p.version };
        if (reason.value.trim()) body.note = reason.value.trim();
        // The service wants the verify photo stored before it accepts "verified".
        if (photo.files.length) await caseApi.postCasePhoto(p.id, await shrinkPhoto(photo.files[0]), 'verify');
        await caseApi.postTransition(p.id, body);
        close();
        toast(t(action === 'verify' ? 'fieldcase.verified' : 'fieldcase.reworked'));
        await loadToVerify();
      } catch (e) {
        verify.disabled = false;
        rework.disabled = false;
        if (e.code === 'case.version.stale') {
          // Someone else acted first (the handler again, another verifier): the list shows what is left.
          close();
          toast(t('fieldcase.stale'), 'error');
          await loadToVerify();
          return undefined;
        }
        fail(e.message);
      }
      return undefined;
    }
    verify.addEventListener('click', () => transition('verify'));
    rework.addEventListener('click', () => transition('rework'));
  }

  return {
    /** Whether an outbox record is one of this module's. */
    handles: (record) => KINDS.has(record.kind),
    send,
    /** The outbox sheet's line for a record of this module. */
    describe: (record) => {
      const body = record.kind === 'case' ? record.body : record.body.report;
      const cls = classes.find((c) => c.code === body.classCode);
      return `${t(record.kind === 'case' ? 'fieldcase.outbox.case' : 'fieldcase.outbox.photo')} · ${className(cls, language) || body.classCode}`;
    },
    /** Called when the work screen shows and after the outbox sent everything. */
    async refresh() {
      // The list names each case's class: drawn again once the classes are in (the first time online, the
      // list would otherwise show class codes).
      const [, loaded] = await Promise.all([loadClasses(), loadToVerify()]);
      if (loaded) renderToVerify();
    },
    state: () => ({ toVerify: toVerify.map((c) => c.id), classes: classes.length }),
  };
}

/** Metres between two lon/lat points (equirectangular: fine for the few hundred metres of a grid). */
function metres(a, b) {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** Date and minute, 24-hour: what a list line has room for. */
const TIME_FORMAT = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' };

function round7(v) {
  return Math.round(v * 1e7) / 1e7;
}
