// One case in the sidebar: what it is, where its stage stands against the deadline, the buttons
// for what the signed-in person may do now (the service's allowedActions), and the timeline of
// every transition with its note and photos. Plain DOM; the map side is layers/case-layer.js.
import * as caseApi from '../case-api.js';
import { caseLonLat, className, departmentName, onTime, stageDeadline, timeLeft, urgencyOf } from '../lib/cases.js';
import { browserIsInZone, formatDateTime, knownZone } from '../lib/district-time.js';
import { el, replaceChildren } from '../lib/dom.js';
import { attributeTable } from '../lib/format.js';
import { button, element, field } from './cards.js';

/** Actions done on the map page, in the order their buttons are shown. Verify/rework live on the phone page. */
const MAP_ACTIONS = ['register', 'dispatch', 'merge', 'reject', 'grant_extension', 'refuse_extension', 'close',
  'handle', 'request_extension', 'return'];
/** Actions whose form asks for a reason (a note the service requires). */
const NEEDS_NOTE = new Set(['reject', 'return', 'request_extension', 'refuse_extension']);
/** Statuses with a stage still running (the rest end a case). */
const OPEN = new Set(['reported', 'registered', 'dispatched', 'handled', 'verified']);
/** What a timeline step's linked case is to this one. */
const RELATED = { merge: 'case.related.merge', merge_in: 'case.related.merge_in', reopen: 'case.related.reopen' };
/** How far around a case the merge form looks for open cases of its class (the service's dedup distance is 50 m). */
const MERGE_RADIUS_M = 100;

/**
 * Builds the detail view into `container`.
 * @param {object} ctx the map page's ctx (t, language, toast, layers, emit)
 * @param {object} lookups { classes: [], departments: [] } as loaded by the case panel
 */
export function createCaseDetail(ctx, container, lookups) {
  const { t } = ctx;
  let current = null; // the case shown (the service's answer)
  let controller = null;
  // A line above the case saying what just happened to it (sent back, changed by someone else): set by
  // show(id, { notice }) and shown until another case is opened.
  let notice = null;
  // Numbers of other cases this one names (merged into, merged in), looked up once: people read numbers, not ids.
  const numbers = new Map();

  // Times at the district's clock, as its deadlines are counted (not the browser's zone).
  const zone = knownZone(ctx.config?.timeZone);
  const when = (iso) => formatDateTime(iso, ctx.language, zone);
  const classOf = (code) => lookups.classes.find((c) => c.code === code);
  const depOf = (code) => lookups.departments.find((d) => d.code === code);
  const depLabel = (code) => (code ? departmentName(depOf(code), ctx.language) || code : '');

  /**
   * Loads and shows case `id`. `options.notice`: a text, or a function of the loaded case giving one,
   * shown above it; when the case cannot be read any more (a handler's case sent back) only the notice stays.
   */
  async function show(id, options = {}) {
    controller?.abort();
    controller = new AbortController();
    notice = null;
    replaceChildren(container, el('p', { class: 'help' }, t('case.loading')));
    container.hidden = false;
    try {
      current = await caseApi.getCase(id, controller.signal);
    } catch (e) {
      if (e.name === 'AbortError') return;
      const text = typeof options.notice === 'function' ? options.notice(null) : options.notice;
      if (text && e.status === 404) {
        current = null;
        replaceChildren(container, noticeLine(text));
        container.dataset.caseId = String(id);
        container.dataset.status = '';
        return;
      }
      replaceChildren(container, el('p', { class: 'form-error' }, e.message));
      return;
    }
    notice = typeof options.notice === 'function' ? options.notice(props(current)) : options.notice || null;
    render();
  }

  function noticeLine(text) {
    return el('p', { class: 'case-notice', role: 'status' }, text);
  }

  /** A button showing another case's number (looked up once) that opens that case. */
  function caseLink(id, action) {
    const b = button(numbers.get(id) || `#${id}`, { 'data-action': action, class: 'link-button case-link', 'data-case-id': String(id) });
    b.addEventListener('click', () => ctx.layers.cases.select(id));
    if (!numbers.has(id)) {
      caseApi.getCase(id).then((other) => {
        const number = props(other).number;
        if (!number) return;
        numbers.set(id, number);
        b.textContent = number;
      }).catch(() => { /* not readable by this person: the id stays */ });
    }
    return b;
  }

  function props(c) {
    return c.properties ? { ...c.properties, id: c.properties.id ?? c.id, geometry: c.geometry } : c;
  }

  function render() {
    const c = props(current);
    const urgency = urgencyOf(c, Date.now());
    const deadline = stageDeadline(c);
    const left = timeLeft(deadline, Date.now());
    const classCode = c.classCode || c.class;
    const head = el('h3', { class: 'case-head' },
      el('span', { class: `case-dot urgency-${urgency} status-${c.status}` }),
      el('span', { class: 'case-number' }, c.number || `#${c.id}`),
      el('span', { class: `case-status status-${c.status}`, dataset: { status: c.status } }, t(`case.status.${c.status}`)));
    const facts = attributeTable([
      [t('case.class'), className(classOf(classCode), ctx.language) || classCode],
      [t('case.source'), t(`case.source.${c.source}`)],
      [t('case.grid'), c.smallGridCode || ''],
      [t('case.department'), depLabel(c.department)],
      [t('case.description'), c.description || ''],
      [t('case.reporter'), [c.reporterName, c.reporterPhone].filter(Boolean).join(' · ')],
      [t('case.reportedAt'), when(c.reportedAt)],
      [t('case.deadline'), deadline ? `${when(deadline)}${left ? ` (${t(left.late ? 'case.late' : 'case.left', left)})` : ''}` : ''],
      // Named only where the browser's clock reads otherwise, so nobody takes these times for local ones.
      [t('case.timeZone'), browserIsInZone(zone) ? '' : zone],
      [t('case.mergedInto'), c.mergedInto ? caseLink(c.mergedInto, 'case-open-related') : ''],
      [t('case.extensionPending'), c.pendingExtensionMinutes ? t('case.hours', { hours: c.pendingExtensionMinutes / 60 }) : ''],
      [t('case.reworkCount'), c.reworkCount ? String(c.reworkCount) : ''],
    ]);
    const urgencyLine = urgency === 'overdue' || urgency === 'dueSoon'
      ? el('p', { class: `case-urgency urgency-${urgency}`, dataset: { urgency } }, t(`case.urgency.${urgency}`)) : null;
    // Handled / closed within the limit (the evaluation's definition), once that stage happened.
    const timely = onTime(c);
    const verdicts = ['handled', 'closed'].filter((stage) => timely[stage] !== null).map((stage) =>
      el('span', { class: `case-on-time ${timely[stage] ? 'yes' : 'no'}`, dataset: { stage, onTime: String(timely[stage]) } },
        t(`case.onTime.${stage}.${timely[stage] ? 'yes' : 'no'}`)));
    const lonLat = caseLonLat(c);
    const place = lonLat ? button(t('case.showOnMap'), { 'data-action': 'case-zoom' }) : null;
    place?.addEventListener('click', () => ctx.layers.cases.show(lonLat));
    replaceChildren(container, notice ? noticeLine(notice) : null, head, urgencyLine,
      verdicts.length ? el('p', { class: 'case-verdicts' }, verdicts) : null, facts, place, actions(c), timeline(c));
    container.dataset.caseId = String(c.id);
    container.dataset.status = c.status;
    container.dataset.version = String(c.version);
  }

  function actions(c) {
    const allowed = (c.allowedActions || []).filter((a) => MAP_ACTIONS.includes(a))
      .sort((a, b) => MAP_ACTIONS.indexOf(a) - MAP_ACTIONS.indexOf(b));
    const box = el('div', { class: 'case-actions' });
    if (allowed.length === 0) {
      // Say why there is no button, so an open case without one does not look broken.
      if (OPEN.has(c.status)) {
        const waiting = { dispatched: 'case.noActions.dispatched', handled: 'case.noActions.handled' }[c.status] || 'case.noActions';
        box.append(el('p', { class: 'help case-no-actions' }, t(waiting)));
      }
      return box;
    }
    const row = el('div', { class: 'form-buttons case-action-buttons' });
    const form = el('div', { class: 'case-action-form', hidden: true });
    for (const action of allowed) {
      const b = button(t(`case.action.${action}`), { 'data-action': `case-${action}`, class: action === allowed[0] ? 'primary' : undefined });
      b.addEventListener('click', () => openForm(action, form, c));
      row.append(b);
    }
    box.append(row, form);
    return box;
  }

  /** The small form one action needs (department, target case, reason, photo, extension), then the request. */
  function openForm(action, form, c) {
    const inputs = {};
    const parts = [el('h4', {}, t(`case.action.${action}`))];
    if (action === 'dispatch') {
      inputs.department = element('select', { name: 'department' });
      inputs.department.append(element('option', { value: '' }, t('case.chooseDepartment')));
      for (const d of lookups.departments) inputs.department.append(element('option', { value: d.code }, departmentName(d, ctx.language)));
      const suggested = c.department || classOf(c.classCode)?.defaultDepartment;
      if (suggested) inputs.department.value = suggested;
      parts.push(field(t('case.department'), inputs.department));
    }
    if (action === 'merge') {
      // The open cases of the same class nearby, nearest first, to pick with one tap; or a number typed in.
      inputs.mergeInto = element('input', { name: 'mergeInto', autocomplete: 'off' });
      inputs.candidates = el('div', { class: 'case-merge-candidates', role: 'radiogroup', 'aria-label': t('case.mergeNearby') },
        el('p', { class: 'help' }, t('case.loading')));
      parts.push(el('div', { class: 'field' }, el('span', {}, t('case.mergeNearby')), inputs.candidates),
        field(t('case.mergeTarget'), inputs.mergeInto));
      loadMergeCandidates(c, inputs);
    }
    if (action === 'request_extension') {
      inputs.extensionHours = element('input', { name: 'extensionHours', type: 'number', min: '1', step: '1', value: '8' });
      parts.push(field(t('case.extensionHours'), inputs.extensionHours));
    }
    if (action === 'handle') {
      inputs.photo = element('input', { type: 'file', name: 'afterPhoto', accept: 'image/jpeg,image/png' });
      parts.push(field(t('case.afterPhoto'), inputs.photo));
    }
    inputs.note = element('textarea', { name: 'note', rows: '2' });
    parts.push(field(t(NEEDS_NOTE.has(action) ? 'case.reason' : 'case.note'), inputs.note));
    const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
    const ok = button(t('case.confirm'), { class: 'primary', 'data-action': 'case-confirm' });
    const cancel = button(t('case.cancel'), { 'data-action': 'case-cancel' });
    parts.push(error, el('div', { class: 'form-buttons' }, ok, cancel));
    replaceChildren(form, ...parts);
    form.hidden = false;
    form.dataset.action = action;
    (inputs.department || inputs.mergeInto || inputs.photo || inputs.note).focus();
    cancel.addEventListener('click', () => { form.hidden = true; replaceChildren(form); });
    ok.addEventListener('click', async () => {
      const fail = (message) => { error.textContent = message; error.hidden = false; };
      const note = inputs.note.value.trim();
      const body = { action, version: c.version };
      if (note) body.note = note;
      if (NEEDS_NOTE.has(action) && !note) return fail(t('case.needReason'));
      if (action === 'dispatch') {
        if (!inputs.department.value) return fail(t('case.needDepartment'));
        body.department = inputs.department.value;
      }
      if (action === 'merge') {
        // A candidate picked, else the number typed in (as people read it out: looked up among the
        // candidates and the cases on the map), else a bare id.
        const target = inputs.mergeInto.value.trim();
        if (!target) return fail(t('case.needMergeTarget'));
        const id = inputs.byNumber?.get(target) ?? ctx.layers.cases.idOfNumber(target) ?? (/^\d+$/.test(target) ? Number(target) : null);
        if (!id) return fail(t('case.mergeTargetUnknown', { number: target }));
        if (String(id) === String(c.id)) return fail(t('case.mergeTargetSelf'));
        body.mergeInto = id;
      }
      if (action === 'request_extension') {
        const hours = Number(inputs.extensionHours.value);
        if (!Number.isFinite(hours) || hours <= 0) return fail(t('case.needHours'));
        body.extensionMinutes = Math.round(hours * 60);
      }
      if (action === 'handle' && !inputs.photo.files.length) return fail(t('case.needAfterPhoto'));
      ok.disabled = true;
      try {
        // The service wants the after-photo stored before it accepts "handled".
        if (action === 'handle') await caseApi.postCasePhoto(c.id, inputs.photo.files[0], 'after');
        const answer = await caseApi.postTransition(c.id, body);
        ctx.toast(t('case.done', { action: t(`case.action.${action}`) }));
        ctx.emit('cases-changed', { id: c.id, action });
        // A case sent back leaves the handler's department: say so, since it also leaves the handler's
        // list (and the handler may not read it again, so the answer is shown, not fetched anew).
        const said = action === 'return' ? t('case.returnedNotice') : null;
        if (answer && Array.isArray(answer.timeline)) {
          current = answer;
          notice = said;
          render();
        } else {
          await show(c.id, { notice: said });
        }
      } catch (e) {
        ok.disabled = false;
        if (e.code === 'case.version.stale') {
          // Someone else acted first: show the case as it is now, and say so in words.
          await show(c.id, { notice: (now) => t('case.staleNotice', { status: now ? t(`case.status.${now.status}`) : '–' }) });
          ctx.emit('cases-changed', { id: c.id, action: 'stale' });
          return undefined;
        }
        const allowedNow = e.problem && Array.isArray(e.problem.allowedActions)
          ? ` ${t('case.allowedNow', { actions: e.problem.allowedActions.map((a) => t(`case.action.${a}`)).join('、') || '–' })}` : '';
        fail(`${e.message}${allowedNow}`);
      }
      return undefined;
    });
  }

  /** Fills the merge form's list: open cases of the same class within MERGE_RADIUS_M, nearest first. */
  async function loadMergeCandidates(c, inputs) {
    const box = inputs.candidates;
    const lonLat = caseLonLat(c);
    inputs.byNumber = new Map();
    if (!lonLat) { replaceChildren(box, el('p', { class: 'help' }, t('case.mergeNoneNearby'))); return; }
    const dLat = MERGE_RADIUS_M / 111_320;
    const dLon = MERGE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos((lonLat[1] * Math.PI) / 180)));
    let answer;
    try {
      answer = await caseApi.getCases({
        class: c.classCode, status: [...OPEN].join(','),
        bbox: [lonLat[0] - dLon, lonLat[1] - dLat, lonLat[0] + dLon, lonLat[1] + dLat].join(','),
      });
    } catch (e) {
      replaceChildren(box, el('p', { class: 'form-error' }, e.message));
      return;
    }
    const near = (answer.features || []).map((f) => ({ ...f.properties, id: f.properties.id ?? f.id, lonLat: f.geometry.coordinates }))
      .filter((o) => String(o.id) !== String(c.id))
      .map((o) => ({ ...o, metres: metresBetween(lonLat, o.lonLat) }))
      .filter((o) => o.metres <= MERGE_RADIUS_M)
      .sort((a, b) => a.metres - b.metres);
    for (const o of near) if (o.number) inputs.byNumber.set(o.number, o.id);
    if (near.length === 0) { replaceChildren(box, el('p', { class: 'help' }, t('case.mergeNoneNearby'))); return; }
    replaceChildren(box, near.slice(0, 8).map((o) => {
      const b = button(t('case.mergeCandidate', { number: o.number || `#${o.id}`, status: t(`case.status.${o.status}`), m: Math.round(o.metres) }),
        { class: 'case-merge-candidate', role: 'radio', 'aria-checked': 'false', 'data-case-id': String(o.id) });
      b.addEventListener('click', () => {
        for (const other of box.querySelectorAll('.case-merge-candidate')) other.setAttribute('aria-checked', String(other === b));
        inputs.mergeInto.value = o.number || String(o.id);
      });
      return b;
    }));
  }

  /**
   * A step's note as people read it. Two notes are the service's own, in English: "auto" on the
   * dispatch that registration of an auto-dispatched class makes, and "merged <number>" on the case a
   * duplicate went into (its number is shown as a link already).
   */
  function stepNote(s) {
    if (s.action === 'dispatch' && s.note === 'auto') return t('case.autoDispatchNote');
    if (s.action === 'merge_in' && s.relatedCaseId && /^merged \S+$/.test(s.note || '')) return null;
    return s.note || null;
  }

  function timeline(c) {
    const steps = c.timeline || [];
    const photoById = new Map((c.photos || []).map((p) => [p.id, p]));
    // A photo sent on its own (the phone sends the report first, its photo after) belongs to the
    // last step of its kind: before → the report, after → handled, verify → verified.
    const stepOfKind = { before: 'report', after: 'handle', verify: 'verify' };
    const linked = new Set(steps.flatMap((s) => s.photoIds || []));
    const loose = new Map();
    for (const p of c.photos || []) {
      if (linked.has(p.id)) continue;
      const step = [...steps].reverse().find((s) => s.action === stepOfKind[p.kind]);
      if (step) loose.set(step, [...(loose.get(step) || []), p.id]);
    }
    const list = el('ol', { class: 'case-timeline' });
    for (const s of steps) {
      const photos = [...(s.photoIds || []), ...(loose.get(s) || [])].map((photoId) => {
        const p = photoById.get(photoId);
        const src = p && p.url ? p.url.replace(/^\//, '') : caseApi.casePhotoUrl(c.id, photoId);
        return el('a', { href: src, target: '_blank', rel: 'noopener' },
          el('img', { src, alt: t('case.photo'), class: 'case-photo', loading: 'lazy' }));
      });
      const who = s.actor || '';
      const what = s.action ? t(`case.action.${s.action}`) : t(`case.status.${s.to}`);
      list.append(el('li', { class: 'case-step', dataset: { action: s.action || '', to: s.to || '' } },
        el('div', { class: 'case-step-head' }, el('strong', {}, what), el('span', { class: 'case-step-when' }, when(s.at))),
        s.relatedCaseId ? el('div', { class: 'case-step-related' }, t(RELATED[s.action] || 'case.related'), ' ',
          caseLink(s.relatedCaseId, 'case-open-step-related')) : null,
        el('div', { class: 'case-step-who' }, [who, s.department ? depLabel(s.department) : '',
          s.extensionMinutes ? t('case.hours', { hours: s.extensionMinutes / 60 }) : ''].filter(Boolean).join(' · ')),
        stepNote(s) ? el('div', { class: 'case-step-note' }, stepNote(s)) : null,
        photos.length ? el('div', { class: 'case-photos' }, photos) : null));
    }
    return el('div', { class: 'case-timeline-box' }, el('h4', {}, t('case.timeline')), steps.length ? list : el('p', { class: 'help' }, t('case.noSteps')));
  }

  return {
    show,
    clear() { current = null; container.hidden = true; replaceChildren(container); },
    current: () => (current ? props(current) : null),
  };
}

/** Metres between two [lon, lat] points (equirectangular: fine for the few hundred metres around a case). */
function metresBetween(a, b) {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}
