// The progress of a resident's report (track.html?n=NUMBER): the stages with their dates, nothing personal.
import { loadLanguage, currentLanguage, switchLanguage, t, translate } from '../i18n.js';
import { DEFAULT_ZONE, formatDateTime } from '../lib/district-time.js';
import { el, replaceChildren } from '../lib/dom.js';
import * as api from './public-api.js';

const $ = (id) => document.getElementById(id);

/** The stages a resident sees, in order; a case merged or rejected ends early. */
const STAGES = ['reported', 'registered', 'dispatched', 'handled', 'verified', 'closed'];

/** The district's time zone (api/public/config): a stage's time is the district's, wherever the resident reads it. */
let zone = DEFAULT_ZONE;

function when(iso) {
  return formatDateTime(iso, currentLanguage(), zone, { dateStyle: 'medium', timeStyle: 'short' });
}

function render(p) {
  const steps = new Map(p.steps.map((s) => [s.stage, s.at]));
  const ended = p.status === 'rejected' || p.status === 'merged';
  const items = STAGES.filter((s) => !ended || steps.has(s)).map((stage) => {
    const done = steps.has(stage);
    const current = stage === p.status;
    return el('li', { class: [done ? 'done' : '', current ? 'current' : ''].join(' ').trim(), dataset: { stage } },
      t(`public.stage.${stage}`), done ? el('span', { class: 'when' }, when(steps.get(stage))) : null);
  });
  if (ended) {
    items.push(el('li', { class: 'done current', dataset: { stage: p.status } }, t(`public.stage.${p.status}`),
      el('span', { class: 'when' }, when(p.updatedAt))));
  }
  replaceChildren($('track-result'),
    el('div', { class: 'track-head' },
      el('div', { class: 'tracking-number' }, p.trackingNumber),
      el('div', { class: 'status', dataset: { status: p.status } }, t(`public.stage.${p.status}`)),
      el('div', null, t('public.track.class', { name: p.className })),
      p.overdue ? el('div', { class: 'form-error' }, t('public.track.overdue')) : null),
    el('ol', { class: 'stages' }, items));
  $('track-result').hidden = false;
}

async function lookUp(number) {
  const box = $('track-error');
  box.hidden = true;
  try {
    render(await api.getProgress(number.trim()));
    const url = new URL(window.location.href);
    url.searchParams.set('n', number.trim());
    window.history.replaceState(null, '', url);
  } catch (e) {
    $('track-result').hidden = true;
    box.textContent = e.message;
    box.hidden = false;
  }
}

async function start() {
  await loadLanguage();
  translate();
  document.title = t('public.track.title');
  const language = currentLanguage();
  $('lang-switch').addEventListener('click', () => switchLanguage(language === 'en' ? 'zh-CN' : 'en'));
  $('track-form').addEventListener('submit', (e) => {
    e.preventDefault();
    lookUp($('track-number').value);
  });
  zone = (await api.getConfig().catch(() => null))?.timeZone || DEFAULT_ZONE;
  const n = new URLSearchParams(window.location.search).get('n');
  if (n) {
    $('track-number').value = n;
    await lookUp(n);
  }
  window.gridwatchTrack = { idle: () => api.pendingRequests() === 0 };
  document.body.dataset.ready = 'true';
}

start();
