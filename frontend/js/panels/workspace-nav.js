// The workspace tabs under the top bar (issue 18): one tab per workspace the signed-in roles give, each
// showing its own cards in the sidebar over the same map. A workspace remembers its view (centre,
// zoom, the card last used) for the browser tab's session; the active one is also in the URL hash,
// so a reload (the language switch reloads) comes back to the same workspace and view.
import { panelsFor, parseViewHash, rolesOf, viewHash, workspacesFor } from '../lib/workspaces.js';
import { element } from './cards.js';

const VIEWS_KEY = 'gridwatch.workspaceViews';
const ACTIVE_KEY = 'gridwatch.workspace';

/** Map events a panel answers: when its workspace is not the one shown, that workspace opens. */
const REVEAL = { 'grid-action': 'grid', 'draft-created': 'grid', 'feature-action': 'feature', 'case-selected': 'cases' };

function readViews(key) {
  try {
    return JSON.parse(window.sessionStorage.getItem(key)) || {};
  } catch {
    return {};
  }
}

function store(key, value) {
  try {
    window.sessionStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    // No storage (private mode): the hash still keeps the active workspace across a reload.
  }
}

/**
 * Builds the tabs into #workspace-nav and shows the first workspace (or the one the hash or this
 * session names).
 * @param cards Map of panel id -> the sidebar elements that panel made
 * @returns {{ active(): string, ids(): string[], switchTo(id): void }}
 */
export function mountWorkspaces(ctx, sidebar, cards) {
  const { map, t } = ctx;
  const roles = rolesOf(ctx.session);
  const workspaces = workspacesFor(ctx.session);
  const nav = document.getElementById('workspace-nav');
  nav.setAttribute('role', 'tablist');
  nav.setAttribute('aria-label', t('workspace.nav'));
  const tabs = new Map();
  for (const w of workspaces) {
    const tab = element('button', {
      type: 'button', role: 'tab', class: 'workspace-tab', 'data-workspace': w.id, 'aria-selected': 'false',
      'aria-controls': 'sidebar',
    }, t(`workspace.${w.id}`));
    tab.addEventListener('click', () => switchTo(w.id));
    nav.append(tab);
    tabs.set(w.id, tab);
  }

  // Per user: another account signing in in the same browser tab starts from its own views.
  const viewsKey = `${VIEWS_KEY}.${(ctx.session && ctx.session.username) || ''}`;
  const views = readViews(viewsKey);
  let active = null;
  let panel = null; // the card last used in the active workspace

  function currentView() {
    const c = map.getCenter();
    return { center: [c.lat, c.lng], zoom: map.getZoom(), panel };
  }

  function writeHash() {
    if (!active) return;
    const hash = viewHash({ workspace: active, ...currentView() });
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }

  function remember() {
    if (!active) return;
    views[active] = currentView();
    store(viewsKey, views);
    writeHash();
  }

  function cardsOf(id) {
    return cards.get(id) || [];
  }

  /** Shows `id`'s cards in its order and hides every other card. */
  function show(id) {
    const w = workspaces.find((x) => x.id === id);
    const shown = panelsFor(w, roles);
    for (const [panelId, elements] of cards) {
      for (const e of elements) e.classList.toggle('workspace-hidden', !shown.includes(panelId));
    }
    // Appended in the workspace's order; the hidden cards left before them take no room.
    for (const panelId of shown) for (const e of cardsOf(panelId)) sidebar.append(e);
    document.body.dataset.workspace = id;
    for (const [tabId, tab] of tabs) {
      tab.setAttribute('aria-selected', String(tabId === id));
      tab.classList.toggle('active', tabId === id);
    }
  }

  function revealPanel(panelId) {
    const [card] = cardsOf(panelId);
    if (card && !card.classList.contains('workspace-hidden')) sidebar.scrollTop = card.offsetTop - sidebar.offsetTop;
  }

  function switchTo(id, { restore = true } = {}) {
    if (!tabs.has(id) || id === active) return;
    remember();
    active = id;
    store(ACTIVE_KEY, id);
    show(id);
    const saved = views[id];
    panel = saved ? saved.panel || null : null;
    sidebar.scrollTop = 0;
    if (restore && saved && Array.isArray(saved.center)) map.setView(saved.center, saved.zoom, { animate: false });
    if (panel) revealPanel(panel);
    writeHash();
    ctx.emit('workspace-changed', { workspace: id });
  }

  // The card last used: where focus or a click went in the sidebar.
  const noteUse = (e) => {
    const card = e.target.closest && e.target.closest('[data-panel]');
    if (card && card.dataset.panel !== panel) { panel = card.dataset.panel; remember(); }
  };
  sidebar.addEventListener('focusin', noteUse);
  sidebar.addEventListener('pointerdown', noteUse);
  map.on('moveend', remember);

  for (const [event, panelId] of Object.entries(REVEAL)) {
    ctx.on(event, () => {
      const here = workspaces.find((w) => w.id === active);
      if (panelsFor(here, roles).includes(panelId)) return;
      const there = workspaces.find((w) => panelsFor(w, roles).includes(panelId));
      if (there) switchTo(there.id, { restore: false });
    });
  }

  // Start: the hash (a reload, a shared link), else the workspace last used in this browser tab, else the first.
  const fromHash = parseViewHash(window.location.hash);
  let lastUsed = null;
  try { lastUsed = window.sessionStorage.getItem(ACTIVE_KEY); } catch { /* no storage */ }
  const start = [fromHash.workspace, lastUsed].find((id) => id && tabs.has(id)) || workspaces[0].id;
  active = start;
  show(start);
  // The map's first view, set only now: the tabs and cards came after the map and took room from it (on a
  // phone the cards sit under it), so the district is fitted once, to the map's real size, and every layer
  // loads that one view (nothing measures the map before: main.js adds the layer switcher after this).
  if (fromHash.workspace === start && fromHash.center) {
    map.setView(fromHash.center, fromHash.zoom, { animate: false });
    panel = fromHash.panel || null;
    if (panel) revealPanel(panel);
  } else {
    ctx.view.home();
  }
  remember();

  return { active: () => active, ids: () => workspaces.map((w) => w.id), switchTo };
}
