// The residents' report page (report.html): point on the map or from GPS, class, text, optional photo
// and contact → a tracking number. Opened from a grid's QR code as report.html?grid=CODE.
import { loadLanguage, currentLanguage, switchLanguage, t, translate } from '../i18n.js';
import { el, replaceChildren } from '../lib/dom.js';
import { createReportMap } from '../layers/report-map.js';
import { shrinkPhoto } from '../field/photo.js';
import * as api from './public-api.js';

const $ = (id) => document.getElementById(id);

const state = { point: null, clientId: null, submitter: null, sending: false, map: null };

async function toBase64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const SUBMITTER_KEY = 'gridwatch.report.submitter';

/**
 * This browser's random token, kept in localStorage: the service scopes a report's clientId to it, so a
 * retry from this browser finds its report and no other browser can (docs/security.md). Without storage
 * (private mode) it lives as long as the page.
 */
function submitterToken() {
  let token = null;
  try { token = window.localStorage.getItem(SUBMITTER_KEY); } catch { /* no storage */ }
  if (token && /^[A-Za-z0-9_-]{16,128}$/.test(token)) return token;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  try { window.localStorage.setItem(SUBMITTER_KEY, token); } catch { /* kept for this page only */ }
  return token;
}

function newClientId() {
  return (crypto.randomUUID ? crypto.randomUUID() : `r-${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

function showError(text) {
  const box = $('report-error');
  box.hidden = !text;
  box.textContent = text || '';
}

function setPoint(lon, lat, center) {
  state.point = [lon, lat];
  state.map.showPoint(lon, lat, center);
  $('report-point').textContent = t('public.report.pointAt', { lon: lon.toFixed(6), lat: lat.toFixed(6) });
  $('report-point').dataset.lon = String(lon);
  $('report-point').dataset.lat = String(lat);
}

async function submit(event, config) {
  event.preventDefault();
  if (state.sending) return;
  showError(null);
  const classCode = $('report-class').value;
  const description = $('report-description').value.trim();
  if (!state.point) return showError(t('public.report.needPoint'));
  if (!classCode) return showError(t('public.report.needClass'));
  if (!description) return showError(t('public.report.needDescription'));
  const body = {
    clientId: state.clientId, submitterToken: state.submitter, lon: state.point[0], lat: state.point[1], classCode, description,
    grid: new URLSearchParams(window.location.search).get('grid') || null,
    name: $('report-name').value.trim() || null, phone: $('report-phone').value.trim() || null,
  };
  const file = $('report-photo').files[0];
  state.sending = true;
  $('report-submit').disabled = true;
  try {
    if (file) {
      const photo = await shrinkPhoto(file);
      if (photo.size > config.maxPhotoBytes) {
        showError(t('public.report.photoTooLarge', { mb: (config.maxPhotoBytes / 1048576).toFixed(0) }));
        return;
      }
      body.photo = await toBase64(photo);
    }
    const answer = await api.sendReport(body);
    $('report-number').textContent = answer.trackingNumber;
    $('report-track').href = `track.html?n=${encodeURIComponent(answer.trackingNumber)}`;
    $('report-form').hidden = true;
    $('report-done').hidden = false;
    window.scrollTo(0, 0);
  } catch (e) {
    showError(e.message);
  } finally {
    state.sending = false;
    $('report-submit').disabled = false;
  }
}

async function start() {
  await loadLanguage();
  translate();
  document.title = t('public.report.title');
  const language = currentLanguage();
  $('lang-switch').addEventListener('click', () => switchLanguage(language === 'en' ? 'zh-CN' : 'en'));
  const config = await api.getConfig();
  replaceChildren($('report-class'), el('option', { value: '' }, t('public.report.pickClass')),
    config.classes.map((c) => el('option', { value: c.code }, c.name)));
  $('report-form').hidden = false;
  state.clientId = newClientId();
  state.submitter = submitterToken();
  state.map = createReportMap($('report-map'), config.map, t, (lon, lat) => setPoint(lon, lat, false));
  $('report-point').textContent = t('public.report.tapMap');

  const gridCode = new URLSearchParams(window.location.search).get('grid');
  if (gridCode) {
    try {
      const grid = await api.getGrid(gridCode);
      state.map.showGrid(grid.geometry);
      const note = $('report-grid');
      note.textContent = t('public.report.grid', { name: grid.properties.name, code: grid.properties.code });
      note.hidden = false;
    } catch (e) {
      // A QR code of a grid that was renamed or removed: the page still works without it.
    }
  }

  $('report-locate').addEventListener('click', () => {
    if (!navigator.geolocation) return showError(t('public.report.noGps'));
    showError(null);
    navigator.geolocation.getCurrentPosition(
      (p) => setPoint(p.coords.longitude, p.coords.latitude, true),
      () => showError(t('public.report.noGps')),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  });
  $('report-form').addEventListener('submit', (e) => submit(e, config));
  $('report-again').addEventListener('click', () => {
    $('report-form').reset();
    state.point = null;
    state.map.clearPoint();
    state.clientId = newClientId();
    $('report-point').textContent = t('public.report.tapMap');
    $('report-done').hidden = true;
    $('report-form').hidden = false;
  });

  // For browser tests: reads only.
  window.gridwatchReport = {
    map: state.map.map,
    idle: () => api.pendingRequests() === 0 && !state.sending,
    point: () => state.point,
  };
  document.body.dataset.ready = 'true';
}

start();
