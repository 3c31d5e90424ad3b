// Who is logged in, shared by the whole app. Loaded once from
// GET /api/v1/session (401 means nobody); login and logout keep it current.
import { reactive, readonly } from 'vue';
import { sessionApi } from '../api/client.js';

const state = reactive({
  user: null, // { id, name, phone, is_admin }
  expiresAt: null, // milliseconds since the epoch
  mustChangePassword: false, // an administrator reset it: ask for a new one
  loaded: false,
});

let loading = null;

// The user, with the names of the roles they hold (GET /session lists
// them; the login answer does not, so login() asks for it next).
function apply(s) {
  state.user = s ? { ...s.user, roles: (s.roles || []).map((r) => r.role) } : null;
  state.expiresAt = s ? s.expires_at : null;
  state.mustChangePassword = !!(s && s.must_change_password);
  state.loaded = true;
}

export const session = readonly(state);

// Load the session once; later calls return the same promise. A network
// error leaves nobody logged in rather than blocking the portal.
export function loadSession({ force = false } = {}) {
  if (loading && !force) return loading;
  loading = sessionApi.current().then(apply, () => apply(null));
  return loading;
}

export async function login(phone, password) {
  const s = await sessionApi.login(phone, password);
  apply(await sessionApi.current().catch(() => s));
  loading = Promise.resolve();
  return s;
}

// Forget the session without asking the server (it already ended there).
export function forgetSession() {
  apply(null);
  loading = Promise.resolve();
}

export async function logout() {
  try {
    await sessionApi.logout();
  } finally {
    apply(null);
    loading = Promise.resolve();
  }
}

// Roles the navigation and the router check: "user" (anyone logged in),
// "admin" (the administrator flag), or a role held at some unit ("staff",
// "leader" ...), from GET /session's roles. A list means any one of them.
// What a user may do to a particular object comes from the API (such as a
// unit's `can`), never from a copy of the permission table.
export function hasRole(user, role) {
  if (!user) return false;
  if (Array.isArray(role)) return role.some((r) => hasRole(user, r));
  if (role === 'user') return true;
  if (role === 'admin' && user.is_admin) return true;
  return Array.isArray(user.roles) && user.roles.includes(role);
}

// The password was changed: the prompt to change it goes away.
export function passwordChanged() {
  state.mustChangePassword = false;
}
