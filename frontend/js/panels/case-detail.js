// One case in the sidebar: what it is, where its stage stands against the deadline, the buttons
// for what the signed-in person may do now (the service's allowedActions), and the timeline of
// every transition with its note and photos. Plain DOM; the map side is layers/case-layer.js.
import * as caseApi from '../case-api.js';
import { caseLonLat, className, departmentName, onTime, stageDeadline, timeLeft, urgencyOf } from '../lib/cases.js';
import { el, replaceChildren } from '../lib/dom.js';
import { attributeTable } from '../lib/format.js';
import { button, element, field } from './cards.js';

/** Actions done on the map page, in the order their buttons are shown. Verify/rework live on the phone page. */
const MAP_ACTIONS = ['register', 'dispatch', 'merge', 'reject', 'grant_extension', 'refuse_extension', 'close',
  'handle', 'request_extension', 'return'];
/** Actions whose form asks for a reason (a note the service requires). */
const NEEDS_NOTE = new Set(['reject', 'return', 'request_extension', 'refuse_extension']);

/**
 * Builds the detail view into `container`.
 * @param {object} ctx the map page's ctx (t, language, toast, layers, emit)
 * @param {object} lookups { classes: [], departments: [] } as loaded by the case panel
 */
export function createCaseDetail(ctx, container, lookups) {
  const { t } = ctx;
  let current = null; // the case shown (the service's answer)
  let controller = null;

  const when = (iso) => (iso ? new Date(iso).toLocaleString(ctx.language, { timeZone: ctx.config?.timeZone || undefined, hour12: false }) : '');
  const classOf = (code) => lookups.classes.find((c) => c.code === code);
  const depOf = (code) => lookups.departments.find((d) => d.code === code);
  const depLabel = (code) => (code ? departmentName(depOf(code), ctx.language) || code : '');

  async function show(id) {
    controller?.abort();
    controller = new AbortController();
    replaceChildren(container, el('p', { class: 'help' }, t('case.loading')));
    container.hidden = false;
    try {
      current = await caseApi.getCase(id, controller.signal);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replaceChildren(container, el('p', { class: 'form-error' }, e.message));
      return;
    }
    render();
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
      [t('case.mergedInto'), c.mergedInto ? String(c.mergedInto) : ''],
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
    replaceChildren(container, head, urgencyLine, verdicts.length ? el('p', { class: 'case-verdicts' }, verdicts) : null,
      facts, place, actions(c), timeline(c));
    container.dataset.caseId = String(c.id);
    container.dataset.status = c.status;
    container.dataset.version = String(c.version);
  }

  function actions(c) {
    const allowed = (c.allowedActions || []).filter((a) => MAP_ACTIONS.includes(a))
      .sort((a, b) => MAP_ACTIONS.indexOf(a) - MAP_ACTIONS.indexOf(b));
    const box = el('div', { class: 'case-actions' });
    if (allowed.length === 0) return box;
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
      inputs.mergeInto = element('input', { name: 'mergeInto', inputmode: 'numeric' });
      parts.push(field(t('case.mergeTarget'), inputs.mergeInto));
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
        // The other case's id, or its number as people read it out (looked up among the cases on the map).
        const target = inputs.mergeInto.value.trim();
        const id = /^\d+$/.test(target) ? Number(target) : ctx.layers.cases.idOfNumber(target);
        if (!id) return fail(t('case.needMergeTarget'));
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
        current = await caseApi.postTransition(c.id, body);
        ctx.toast(t('case.done', { action: t(`case.action.${action}`) }));
        ctx.emit('cases-changed', { id: c.id, action });
        // The answer may be the bare case; the timeline comes with GET.
        await show(c.id);
      } catch (e) {
        ok.disabled = false;
        const allowedNow = e.problem && Array.isArray(e.problem.allowedActions)
          ? ` ${t('case.allowedNow', { actions: e.problem.allowedActions.map((a) => t(`case.action.${a}`)).join('、') || '–' })}` : '';
        fail(`${e.message}${allowedNow}`);
      }
      return undefined;
    });
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
        el('div', { class: 'case-step-who' }, [who, s.department ? depLabel(s.department) : '',
          s.extensionMinutes ? t('case.hours', { hours: s.extensionMinutes / 60 }) : ''].filter(Boolean).join(' · ')),
        s.note ? el('div', { class: 'case-step-note' }, s.note) : null,
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
