// Workspaces (issue 18): one per role on the same map, each with the panels that role may use. Pure:
// which workspaces a session gets, which panels a workspace shows to whom, and the view kept in the
// URL hash. The DOM side is panels/workspace-nav.js.

/**
 * The workspaces in tab order. `roles`: who gets the workspace. `panels`: the cards it shows, each
 * shown only to the roles that may use it (PANEL_ROLES), so e.g. the planner's workspace shows the
 * feature card to an admin (who may write features) but not to a planner (who may not).
 */
export const WORKSPACES = [
  { id: 'planner', roles: ['admin', 'planner'],
    panels: ['grid', 'feature', 'planning', 'topology', 'outline', 'exchange', 'route'] },
  { id: 'vector', roles: ['admin', 'vector_control'],
    panels: ['heatmap', 'density', 'coverage', 'feature', 'route', 'fieldWork', 'reports'] },
  // The heatmap's case source shows where problems gather (hotspots of a case class).
  { id: 'cases', roles: ['admin', 'dispatcher', 'handler'], panels: ['cases', 'reports', 'heatmap'] },
  { id: 'field', roles: ['grid_worker'], panels: ['myWork', 'route', 'cases', 'feature'] },
  { id: 'viewer', roles: ['viewer'], panels: ['reports', 'heatmap', 'density', 'coverage'] },
  { id: 'admin', roles: ['admin'], panels: ['adminLinks', 'baseMapSettings', 'thresholds', 'calendar', 'backup'] },
];

/** Who may use each panel (the service refuses the others' writes); absent = every signed-in role. */
export const PANEL_ROLES = {
  grid: ['admin', 'planner'],
  planning: ['admin', 'planner'],
  topology: ['admin', 'planner'],
  outline: ['admin', 'planner'],
  exchange: ['admin', 'planner', 'vector_control'],
  feature: ['admin', 'vector_control', 'grid_worker'],
  fieldWork: ['admin', 'vector_control', 'grid_worker'],
  myWork: ['grid_worker'],
  cases: ['admin', 'dispatcher', 'handler', 'grid_worker'],
  reports: ['admin', 'dispatcher', 'vector_control', 'viewer'],
  adminLinks: ['admin'],
  baseMapSettings: ['admin'],
  thresholds: ['admin'],
  calendar: ['admin'],
  backup: ['admin'],
};

/** Map overlays that belong to planning: only users with the planner's workspace get their switches. */
export const PLANNING_OVERLAYS = ['planning', 'topology'];

/** The workspaces of a session, in tab order; a session with no role of any (e.g. public read) gets the viewer's. */
export function workspacesFor(session) {
  const roles = rolesOf(session);
  const mine = WORKSPACES.filter((w) => w.roles.some((r) => roles.includes(r)));
  return mine.length > 0 ? mine : WORKSPACES.filter((w) => w.id === 'viewer');
}

/** The panels `workspace` shows to a user with `roles`, in order. */
export function panelsFor(workspace, roles) {
  return workspace.panels.filter((p) => mayUse(p, roles));
}

/** Every panel any of the session's workspaces shows: the only ones worth building. */
export function allPanelsFor(session) {
  const roles = rolesOf(session);
  return [...new Set(workspacesFor(session).flatMap((w) => panelsFor(w, roles)))];
}

export function mayUse(panel, roles) {
  const allowed = PANEL_ROLES[panel];
  return !allowed || allowed.some((r) => roles.includes(r));
}

export function rolesOf(session) {
  return (session && Array.isArray(session.roles)) ? session.roles : [];
}

/**
 * The view in the URL hash, `#ws=vector&at=22.54310,114.05790,16.5&panel=density`: kept across a
 * reload (the language switch reloads), shareable as a link. Unknown or malformed parts are dropped.
 * @returns {{ workspace?: string, center?: [number, number], zoom?: number, panel?: string }}
 */
export function parseViewHash(hash) {
  const out = {};
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  const ws = params.get('ws');
  if (ws && /^[a-z]+$/.test(ws)) out.workspace = ws;
  const at = (params.get('at') || '').split(',').map(Number);
  if (at.length === 3 && at.every(Number.isFinite) && Math.abs(at[0]) <= 90 && Math.abs(at[1]) <= 180
      && at[2] >= 0 && at[2] <= 22) {
    out.center = [at[0], at[1]];
    out.zoom = at[2];
  }
  const panel = params.get('panel');
  if (panel && /^[A-Za-z]+$/.test(panel)) out.panel = panel;
  return out;
}

/** The hash for a view; the inverse of parseViewHash. Five decimals of a degree are about a metre. */
export function viewHash({ workspace, center, zoom, panel }) {
  const parts = [`ws=${workspace}`];
  if (center && Number.isFinite(zoom)) parts.push(`at=${center[0].toFixed(5)},${center[1].toFixed(5)},${zoom}`);
  if (panel) parts.push(`panel=${panel}`);
  return `#${parts.join('&')}`;
}
