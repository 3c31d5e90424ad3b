// The one module that talks to the xieshang API (/api/v1/).
//
// Every call sends and receives JSON with the session cookie. Requests that
// change state (POST, PUT, PATCH, DELETE) carry the session's CSRF token in
// X-CSRF-Token; the token is kept from the login answer or GET /session.
// A failed call throws an ApiError whose message is the server's own
// message, already in the user's language (the server reads the "lang"
// cookie that the language switch sets).

const BASE = '/api/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken = null;
let unauthorizedHandler = null;

// Called with the ApiError when a call other than GET /session answers 401
// (the session ended or was revoked): the app sends the user to log in.
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

// An error from the API: status, code and message from the error body
// {"error":{"code","message"}}, plus any further fields it carries (such
// as the name of the field at fault) in details.
export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.field = details.field || null;
  }
}

// A network failure or an answer that is not JSON has no server message;
// callers show their own (translated) text for these codes.
export const NETWORK_ERROR = 'network_error';
export const BAD_RESPONSE = 'bad_response';

// Call the API. path is relative to /api/v1 ("/session"); options: json
// (a body to send as JSON), or file (a File or Blob sent as the raw body
// with its own type, for uploads), or body and contentType (any other body,
// such as a CSV file), query (an object of query parameters), signal.
// Returns the parsed JSON body, or null for 204. An ApiError keeps the
// whole error body in .body (some carry more, such as an import report).
export async function request(method, path, { json, file, body: raw, contentType, query, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', signal };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (file !== undefined) {
    headers['Content-Type'] = file.type || 'application/octet-stream';
    init.body = file;
  } else if (raw !== undefined) {
    headers['Content-Type'] = contentType || 'application/octet-stream';
    init.body = raw;
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let url = BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += '?' + qs;
  }

  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, NETWORK_ERROR, '');
  }
  if (res.status === 204) return null;
  let body = null;
  const text = await res.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, BAD_RESPONSE, '');
    }
  }
  if (!res.ok) {
    const err = (body && body.error) || {};
    const { code = BAD_RESPONSE, message = '', ...details } = err;
    const error = new ApiError(res.status, code, message, details);
    error.body = body;
    if (res.status === 401 && path !== '/session' && unauthorizedHandler) unauthorizedHandler(error);
    throw error;
  }
  return body;
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, json, opts) => request('POST', path, { ...opts, json }),
  put: (path, json, opts) => request('PUT', path, { ...opts, json }),
  patch: (path, json, opts) => request('PATCH', path, { ...opts, json }),
  delete: (path, opts) => request('DELETE', path, opts),
};

// The session resource: log in, who is logged in, log out.
export const sessionApi = {
  async login(phone, password) {
    const s = await api.post('/session', { phone, password });
    setCsrfToken(s.csrf_token);
    return s;
  },
  async current() {
    const s = await api.get('/session');
    setCsrfToken(s.csrf_token);
    return s;
  },
  async logout() {
    try {
      await api.delete('/session');
    } finally {
      setCsrfToken(null);
    }
  },
};

export const systemApi = {
  version: () => api.get('/version'),
  openapi: () => api.get('/openapi.json'),
};

// Venues 协商议事室: browse, change, the 六有 checklist and its evidence,
// QR codes and the pilot roll-out check.
export const venueApi = {
  list: (query) => api.get('/venues', { query }),
  get: (id) => api.get(`/venues/${id}`),
  create: (fields) => api.post('/venues', fields),
  update: (id, fields) => api.patch(`/venues/${id}`, fields),
  retire: (id) => api.post(`/venues/${id}/retire`),
  setItem: (id, item, met, note) => api.put(`/venues/${id}/checklist/${item}`, { met, note }),
  upload: (id, item, file) => request('POST', `/venues/${id}/checklist/${item}/evidence`,
    { file, query: { name: file.name } }),
  removeEvidence: (id, item, attachmentId) =>
    api.delete(`/venues/${id}/checklist/${item}/evidence/${attachmentId}`),
  rollout: (unit) => api.get('/venues/rollout', { query: { unit } }),
  units: (query) => api.get('/units', { query }),
  unitTree: () => api.get('/units/tree'),
  qrUrl: (id) => `${BASE}/venues/${id}/qr.svg`,
};

// Accounts: registering as a resident, one's own password and API tokens,
// and an administrator's password reset.
export const accountApi = {
  register: ({ phone, name, password, unitId }) =>
    api.post('/users', { phone, name, password, unit_id: unitId }),
  changePassword: (currentPassword, newPassword) =>
    api.post('/account/password', { current_password: currentPassword, new_password: newPassword }),
  resetPassword: (userId, password) => api.post(`/users/${userId}/password`, password ? { password } : {}),
  tokens: () => api.get('/tokens'),
  createToken: (name, expiresInDays) =>
    api.post('/tokens', expiresInDays ? { name, expires_in_days: expiresInDays } : { name }),
  revokeToken: (id) => api.delete(`/tokens/${id}`),
};

// Units as pages of a flat list, for pickers: kind, parent, q, limit.
export const unitsPickApi = {
  list: (query) => api.get('/units', { query }),
};

// CPPCC bodies (committees, sectors, special committees, activity groups)
// and members' profiles.
export const orgApi = {
  bodies: (query) => api.get('/bodies', { query }),
  create: (body) => api.post('/bodies', body),
  rename: (id, name) => api.patch(`/bodies/${id}`, { name }),
  retire: (id) => api.post(`/bodies/${id}/retire`),
  profile: (userId) => api.get(`/users/${userId}/profile`),
  setProfile: (userId, profile) => api.put(`/users/${userId}/profile`, profile),
};

// People holding roles, their roles, new accounts, password resets and
// the member import (a CSV file; dryRun only reports).
export const peopleApi = {
  list: (query) => api.get('/users', { query }),
  create: (person) => api.post('/users', person),
  roles: (id) => api.get(`/users/${id}/roles`),
  grant: (id, role, unitId) => api.post(`/users/${id}/roles`, { role, unit_id: unitId }),
  revoke: (id, roleId) => api.delete(`/users/${id}/roles/${roleId}`),
  resetPassword: (id) => api.post(`/users/${id}/password`, {}),
  unitTree: () => api.get('/units/tree'),
  importMembers: (unitId, csv, dryRun) => request('POST', '/members/import', {
    body: csv, contentType: 'text/csv; charset=utf-8',
    query: { unit: unitId, dry_run: dryRun ? 1 : 0 },
  }),
};

// The organisation tree. Units carry `can` (what the caller may do to
// them, decided by the server's permission table).
export const unitsApi = {
  tree: (query) => api.get('/units/tree', { query }),
  list: (query) => api.get('/units', { query }),
  get: (id) => api.get(`/units/${id}`),
  create: (unit) => api.post('/units', unit),
  rename: (id, name) => api.patch(`/units/${id}`, { name }),
  move: (id, parentId) => api.post(`/units/${id}/move`, { parent_id: parentId }),
  retire: (id) => api.post(`/units/${id}/retire`),
};

// The audit log: a filtered page (newest first) and the chain's state.
export const auditApi = {
  list: (query) => api.get('/audit', { query }),
  verify: () => api.get('/audit/verify'),
};

// Screening topics in the workspace (staff, leaders, administrators):
// the review queue of a subtree, one topic with its history, the screening
// transitions, near-duplicate clusters and hot themes, raising a topic on
// someone's behalf, and a department's reply to a topic transferred to it.
export const screeningApi = {
  queue: (query) => api.get('/topics', { query: { ...query, scope: 'review' } }),
  list: (query) => api.get('/topics', { query }),
  get: (id) => api.get(`/topics/${id}`),
  review: (id) => api.post(`/topics/${id}/review`),
  accept: (id, reason) => api.post(`/topics/${id}/accept`, reason ? { reason } : {}),
  merge: (id, into, reason) => api.post(`/topics/${id}/merge`, reason ? { into, reason } : { into }),
  transfer: (id, departmentUnitId, reason) => api.post(`/topics/${id}/transfer`,
    reason ? { department_unit_id: departmentUnitId, reason } : { department_unit_id: departmentUnitId }),
  reject: (id, rejectReason, reason) => api.post(`/topics/${id}/reject`, { reject_reason: rejectReason, reason }),
  reply: (id, reply) => api.post(`/topics/${id}/reply`, { reply }),
  // Topics transferred to the caller's department (department users).
  transferred: (query) => api.get('/topics', { query: { ...query, scope: 'department' } }),
  clusters: (query) => api.get('/topics/clusters', { query }),
  themes: (query) => api.get('/topics/themes', { query }),
  raiseFor: (topic) => api.post('/topics', topic),
};

// Topic plans: list, create, change, choose items, submit, the leader's
// approval (with the party committee's) or return, and the public vote.
export const plansApi = {
  list: (query) => api.get('/plans', { query }),
  get: (id) => api.get(`/plans/${id}`),
  create: (plan) => api.post('/plans', plan),
  update: (id, fields) => api.patch(`/plans/${id}`, fields),
  setItems: (id, topicIds) => api.put(`/plans/${id}/items`, { topic_ids: topicIds }),
  submit: (id) => api.post(`/plans/${id}/submit`),
  approve: (id, approval) => api.post(`/plans/${id}/approve`, approval),
  sendBack: (id, reason) => api.post(`/plans/${id}/return`, { reason }),
  openVote: (id, settings) => api.post(`/plans/${id}/vote/open`, settings),
  closeVote: (id) => api.post(`/plans/${id}/vote/close`),
  results: (id) => api.get(`/plans/${id}/results`),
};

// Topic figures of a unit's subtree over a period (epoch ms from, to).
export const figuresApi = {
  topics: (query) => api.get('/figures/topics', { query }),
};

// Topics 议题 as residents see them: the public list, one's own, similar
// ones while a title is typed, raising (then attachments, one file a
// call), support 附议 and follow. Screening actions live with the
// workspace's calls.
export const topicsApi = {
  list: (query) => api.get('/topics', { query }),
  mine: (query) => api.get('/topics/mine', { query }),
  similar: (text, unit, opts = {}) => api.get('/topics/similar', { ...opts, query: { text, unit } }),
  get: (id) => api.get(`/topics/${id}`),
  create: (topic) => api.post('/topics', topic),
  update: (id, fields) => api.patch(`/topics/${id}`, fields),
  submit: (id) => api.post(`/topics/${id}/submit`),
  attach: (id, file) => request('POST', `/topics/${id}/attachments`,
    { file, query: { filename: file.name } }),
  attachmentUrl: (attachmentId) => `${BASE}/attachments/${attachmentId}`,
  support: (id) => api.post(`/topics/${id}/support`),
  withdraw: (id) => api.delete(`/topics/${id}/support`),
  follow: (id) => api.post(`/topics/${id}/follow`),
  unfollow: (id) => api.delete(`/topics/${id}/follow`),
  townships: () => api.get('/units', { query: { kind: 'township', limit: 100 } }),
  unitsUnder: (parent) => api.get('/units', { query: { parent, limit: 100 } }),
  unit: (id) => api.get(`/units/${id}`),
};

// The caller's notifications: a page (unread=1 for the unread ones only;
// every answer carries the unread count), one read, all read.
export const notificationsApi = {
  list: (query) => api.get('/notifications', { query }),
  unreadCount: async () => (await api.get('/notifications', { query: { unread: 1, limit: 1 } })).unread,
  read: (id) => api.post(`/notifications/${id}/read`),
  readAll: () => api.post('/notifications/read-all'),
};

// A topic plan's public vote as a resident takes part: the plan with its
// candidate topics and vote settings, one ballot, the results.
export const voteApi = {
  plan: (id) => api.get(`/plans/${id}`),
  ballot: (id, choices) => api.post(`/plans/${id}/ballot`, { choices }),
  results: (id) => api.get(`/plans/${id}/results`),
};
