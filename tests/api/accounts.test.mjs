// Accounts against a real server: API tokens (bearer works without CSRF,
// never mints tokens, revoked/forged/expired are 401, someone else's is
// 404, the secret is never listed), log-in throttling per account and per
// address (429 with Retry-After and a message saying when), a success
// clearing the account's count, password change and administrator reset,
// and the audit rows each of these leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, cli, freshDatabase, BACKEND, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

const STAFF_A = '13800000101';
const STAFF_B = '13800000102';
const LEADER = '13800000010';
const NO_ROLE = '13800000002';
const TOKEN_RE = /^xs_[A-Za-z0-9_-]{43}$/;

let server, root;
before(async () => {
  server = await startServer({ demo: true });
  root = new Client(server.base);
  assert.equal((await root.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
});
after(async () => { await server.stop(); });

function sql(url, statements) {
  if (BACKEND === 'postgres') execFileSync('psql', ['-q', url, '-c', statements]);
  else execFileSync('sqlite3', [url.replace(/^sqlite:/, ''), statements]);
}

async function loggedIn(phone, password = DEMO_PASSWORD) {
  const c = new Client(server.base);
  const r = await c.login(phone, password);
  assert.equal(r.status, 201, `log-in of ${phone}: ${r.text}`);
  return c;
}

// A request with only a bearer token: no cookie, no CSRF token.
async function bearer(token, method, path, json) {
  const headers = { authorization: `Bearer ${token}` };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.base + path, {
    method, headers, body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, text, data: text ? JSON.parse(text) : null };
}

async function auditRows(action) {
  const r = await root.request('GET', `/api/v1/audit?action=${action}&limit=100`);
  assert.equal(r.status, 200, r.text);
  return r.data.items;
}

test('an API token acts as its owner without CSRF, is listed without its secret, and dies when revoked', async () => {
  const a = await loggedIn(DEMO_ADMIN);
  let r = await a.request('POST', '/api/v1/tokens', { json: { name: '数据对接', expires_in_days: 30 } });
  assert.equal(r.status, 201, r.text);
  const { token, id, prefix } = r.data;
  assert.match(token, TOKEN_RE);
  assert.equal(prefix, token.slice(0, 11));
  assert.ok(r.data.expires_at > Date.now() + 29 * 86400e3);

  // The owner's identity and roles, no CSRF token needed for a change.
  r = await bearer(token, 'GET', '/api/v1/session');
  assert.equal(r.status, 200);
  assert.equal(r.data.user.phone, DEMO_ADMIN);
  assert.equal(r.data.via_token, true);
  assert.ok(r.data.roles.some((x) => x.role === 'admin'));
  r = await bearer(token, 'POST', '/api/v1/units', { kind: 'province', name: '令牌省' });
  assert.equal(r.status, 201, r.text);
  // The same change from a cookie without CSRF is still refused.
  r = await a.request('POST', '/api/v1/units', { json: { kind: 'province', name: '无令牌省' }, headers: { 'X-CSRF-Token': '' } });
  assert.equal(r.status, 403);

  // Listed with prefix, creation and last use, never the secret.
  r = await a.request('GET', '/api/v1/tokens');
  assert.equal(r.status, 200);
  const row = r.data.items.find((t) => t.id === id);
  assert.equal(row.prefix, prefix);
  assert.equal(row.name, '数据对接');
  assert.ok(row.last_used_at >= row.created_at, 'last use is recorded');
  assert.equal(row.token, undefined);
  assert.ok(!r.text.includes(token.slice(11)), 'the secret never appears in a list');

  // A token may not manage tokens or passwords, nor log out.
  r = await bearer(token, 'POST', '/api/v1/tokens', { name: '再造一个' });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'token_not_allowed');
  r = await bearer(token, 'GET', '/api/v1/tokens');
  assert.equal(r.data.error.code, 'token_not_allowed');
  r = await bearer(token, 'POST', '/api/v1/account/password', { current_password: DEMO_PASSWORD, new_password: 'Another#Pass2026' });
  assert.equal(r.status, 403);

  // Revoked: 401 with a clear message, and gone from the list.
  r = await a.request('DELETE', `/api/v1/tokens/${id}`);
  assert.equal(r.status, 204);
  r = await bearer(token, 'GET', '/api/v1/session');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'token_invalid');
  assert.equal(r.data.error.message, 'API 令牌无效、已撤销或已过期');
  r = await a.request('GET', '/api/v1/tokens');
  assert.ok(!r.data.items.some((t) => t.id === id));
  r = await a.request('DELETE', `/api/v1/tokens/${id}`);
  assert.equal(r.status, 404);

  const created = await auditRows('token.create');
  assert.ok(created.some((x) => x.object_id === id && x.after.prefix === prefix));
  assert.ok(!JSON.stringify(created).includes(token.slice(11)), 'the audit never holds the secret');
  assert.ok((await auditRows('token.revoke')).some((x) => x.object_id === id));
});

test('forged, malformed and expired tokens are 401 even on public routes', async () => {
  const forged = 'xs_' + 'A'.repeat(43);
  let r = await bearer(forged, 'GET', '/api/v1/units');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'token_invalid');
  r = await bearer('not-a-token', 'GET', '/api/v1/session');
  assert.equal(r.status, 401);
  const a = await loggedIn(STAFF_A);
  r = await a.request('POST', '/api/v1/tokens', { json: { name: '将过期' } });
  assert.equal(r.status, 201);
  assert.equal(r.data.expires_at, null);
  const { token, id } = r.data;
  // A forgery sharing the real prefix still fails the hash.
  r = await bearer(token.slice(0, 11) + 'B'.repeat(35), 'GET', '/api/v1/session');
  assert.equal(r.status, 401);
  assert.equal((await bearer(token, 'GET', '/api/v1/session')).status, 200);
  sql(server.url, `UPDATE api_tokens SET expires_at = 1 WHERE id = ${id}`);
  r = await bearer(token, 'GET', '/api/v1/session');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'token_invalid');
});

test("someone else's token id is 404 and their token keeps working", async () => {
  const a = await loggedIn(STAFF_A);
  const b = await loggedIn(STAFF_B);
  const made = await a.request('POST', '/api/v1/tokens', { json: { name: '甲的令牌' } });
  let r = await b.request('DELETE', `/api/v1/tokens/${made.data.id}`);
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'token_not_found');
  r = await b.request('GET', '/api/v1/tokens');
  assert.ok(!r.data.items.some((t) => t.id === made.data.id));
  assert.equal((await bearer(made.data.token, 'GET', '/api/v1/session')).status, 200);
  r = await b.request('POST', '/api/v1/tokens', { json: { name: '' } });
  assert.equal(r.status, 400);
  r = await b.request('POST', '/api/v1/tokens', { json: { name: '太久', expires_in_days: 99999 } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_invalid');
  // At most 20 live tokens each; revoking one makes room.
  const live = (await b.request('GET', '/api/v1/tokens')).data.items.length;
  let last;
  for (let i = live; i < 20; i++) {
    last = await b.request('POST', '/api/v1/tokens', { json: { name: `第${i}个` } });
    assert.equal(last.status, 201);
  }
  r = await b.request('POST', '/api/v1/tokens', { json: { name: '第二十一个' } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'token_limit');
  assert.equal((await b.request('DELETE', `/api/v1/tokens/${last.data.id}`)).status, 204);
  assert.equal((await b.request('POST', '/api/v1/tokens', { json: { name: '第二十一个' } })).status, 201);
  for (const t of (await b.request('GET', '/api/v1/tokens')).data.items) {
    assert.equal((await b.request('DELETE', `/api/v1/tokens/${t.id}`)).status, 204);
  }
});

test('changing one\'s password checks the current one and the policy, and ends other sessions', async () => {
  const phone = '13800000103';
  const here = await loggedIn(phone);
  const there = await loggedIn(phone);
  let r = await here.request('POST', '/api/v1/account/password', { json: { current_password: 'wrong-one', new_password: 'Fresh#Pass2026' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'password_wrong');
  r = await here.request('POST', '/api/v1/account/password', { json: { current_password: DEMO_PASSWORD, new_password: '12345678' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'password_weak');
  assert.equal((await there.request('GET', '/api/v1/session')).status, 200, 'refused changes end nothing');
  r = await here.request('POST', '/api/v1/account/password', { json: { current_password: DEMO_PASSWORD, new_password: 'Fresh#Pass2026' } });
  assert.equal(r.status, 204, r.text);
  assert.equal((await here.request('GET', '/api/v1/session')).status, 200, 'this session stays');
  assert.equal((await there.request('GET', '/api/v1/session')).status, 401, 'the other one ended');
  assert.equal((await new Client(server.base).login(phone, DEMO_PASSWORD)).status, 401);
  assert.equal((await new Client(server.base).login(phone, 'Fresh#Pass2026')).status, 201);
  const me = (await here.request('GET', '/api/v1/session')).data.user.id;
  assert.ok((await auditRows('password.change')).some((x) => x.user_id === me && x.object_id === me));
});

test('an administrator resets a password: sessions and tokens end, the user must change it', async () => {
  const target = await loggedIn(STAFF_B);
  const id = (await target.request('GET', '/api/v1/session')).data.user.id;
  const tok = (await target.request('POST', '/api/v1/tokens', { json: { name: '将被撤销' } })).data.token;
  assert.match(tok, TOKEN_RE);
  assert.equal((await bearer(tok, 'GET', '/api/v1/session')).status, 200);
  // Not an administrator: refused, nothing changed.
  const leader = await loggedIn(LEADER);
  let r = await leader.request('POST', `/api/v1/users/${id}/password`, { json: {} });
  assert.equal(r.status, 403);
  const staff = await loggedIn(STAFF_A);
  r = await staff.request('POST', `/api/v1/users/${id}/password`, { json: {} });
  assert.equal(r.status, 403);
  assert.equal((await target.request('GET', '/api/v1/session')).status, 200);
  r = await root.request('POST', `/api/v1/users/${id}/password`, { json: { password: '123' } });
  assert.equal(r.status, 400);
  r = await root.request('POST', '/api/v1/users/999999/password', { json: {} });
  assert.equal(r.status, 404);

  r = await root.request('POST', `/api/v1/users/${id}/password`, { json: {} });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.must_change_password, true);
  const generated = r.data.password;
  assert.match(generated, /^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
  assert.equal((await target.request('GET', '/api/v1/session')).status, 401, 'sessions ended');
  assert.equal((await bearer(tok, 'GET', '/api/v1/session')).status, 401, 'tokens revoked');
  const again = new Client(server.base);
  r = await again.login(STAFF_B, generated);
  assert.equal(r.status, 201);
  assert.equal(r.data.must_change_password, true);
  r = await again.request('POST', '/api/v1/account/password', { json: { current_password: generated, new_password: 'Chosen#Pass2026' } });
  assert.equal(r.status, 204);
  r = await again.request('GET', '/api/v1/session');
  assert.equal(r.data.must_change_password, false);

  const rows = await auditRows('password.reset');
  const row = rows.find((x) => x.object_id === id);
  assert.equal(row.role, 'admin');
  assert.ok(!JSON.stringify(rows).includes(generated), 'the audit never holds the password');
  // An account with no role is reached from the root only.
  const bare = (await (await loggedIn(NO_ROLE)).request('GET', '/api/v1/session')).data.user.id;
  r = await root.request('POST', `/api/v1/users/${bare}/password`, { json: { password: 'Given#Pass2026' } });
  assert.equal(r.status, 200);
  assert.equal(r.data.password, undefined, 'a given password is not echoed');
});

test('log-ins and log-outs are audited, with no phone or password in full', async () => {
  const c = await loggedIn('13800000104');
  const id = (await c.request('GET', '/api/v1/session')).data.user.id;
  assert.equal((await c.request('DELETE', '/api/v1/session')).status, 204);
  const logins = await auditRows('session.login');
  assert.ok(logins.some((x) => x.user_id === id && x.client_addr === '127.0.0.1'));
  assert.ok((await auditRows('session.logout')).some((x) => x.user_id === id));
  assert.ok(!JSON.stringify(logins).includes('13800000104'));
});

test('CLI init and demo are audited', async () => {
  const r = await root.request('GET', '/api/v1/audit?action=demo.load');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 1);
  assert.equal(r.data.items[0].client_addr, 'cli');
  // init: its own row, and the first administrator's, in an intact chain.
  const db = freshDatabase();
  try {
    const made = cli(['init', '--db', db.url, '--admin-phone', '13600000001'], { env: { XIESHANG_PASSWORD: 'First#Admin2026' } });
    assert.equal(made.status, 0, made.stderr);
    const v = cli(['audit', 'verify', '--db', db.url]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /intact: 2 rows/);
  } finally {
    db.drop();
  }
});

// Throttling, on a server of its own with small limits: 3 failures per
// account, 8 per address, within a minute, lock for a minute.
test('log-in throttling: per account, per address, cleared by a success', async () => {
  const small = await startServer({ demo: true, args: ['--login-account-max', '3', '--login-address-max', '8', '--login-window', '60', '--login-lockout', '60'] });
  try {
    const admin = new Client(small.base);
    assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
    const attempt = (phone, password = 'wrong-password', lang) => new Client(small.base).request('POST', '/api/v1/session', {
      json: { phone, password }, headers: lang ? { 'Accept-Language': lang } : {},
    });
    // Failures say how many tries are left; a success clears the account's count.
    let r = await attempt('13800000011');
    assert.equal(r.status, 401);
    assert.equal(r.data.error.message, '手机号码或密码不正确，还可以再试 2 次');
    r = await attempt('13800000011', 'wrong-password', 'en');
    assert.equal(r.data.error.message, 'The phone number or password is wrong; tries left: 1');
    assert.equal((await attempt('13800000011', DEMO_PASSWORD)).status, 201);
    r = await attempt('13800000011');
    assert.match(r.data.error.message, /还可以再试 2 次/);          // address: 3 of 8 used

    // An account locks after 3 failures: 429, Retry-After, when to come back.
    assert.equal((await attempt(STAFF_A)).status, 401);
    assert.equal((await attempt(STAFF_A)).status, 401);
    r = await attempt(STAFF_A);
    assert.equal(r.status, 429);
    assert.equal(r.data.error.code, 'login_locked');
    assert.equal(r.data.error.message, '登录失败次数过多，请在 1 分钟后再试');
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
    r = await attempt(STAFF_A, DEMO_PASSWORD, 'en');
    assert.equal(r.status, 429, 'even the right password waits');
    assert.equal(r.data.error.message, 'Too many failed log-ins; please wait 1 min and try again');

    // The address: 6 failures so far; two more from another account lock it
    // for every account, even one that never failed.
    r = await attempt(STAFF_B);
    assert.equal(r.status, 401);
    assert.match(r.data.error.message, /还可以再试 1 次/);
    r = await attempt(STAFF_B);
    assert.equal(r.status, 429);
    r = await attempt('13800000105', DEMO_PASSWORD);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);

    // One audit row per lock (the account's, then the address's), phones masked.
    const rows = (await admin.request('GET', '/api/v1/audit?action=session.lockout')).data.items;
    assert.equal(rows.length, 2);
    assert.ok(rows.some((x) => x.after.phone === '138****0101'));
    assert.ok(!JSON.stringify(rows).includes(STAFF_A));
  } finally {
    await small.stop();
  }
});

test('behind a trusted proxy the client is the one X-Forwarded-For names; otherwise the header is ignored', async () => {
  const limits = ['--login-account-max', '50', '--login-address-max', '3', '--login-window', '60', '--login-lockout', '60'];
  const attempt = (base, xff) => new Client(base).request('POST', '/api/v1/session', {
    json: { phone: '13800000011', password: 'wrong-password' }, headers: { 'X-Forwarded-For': xff },
  });
  // The tests reach the server from 127.0.0.1: trusted here.
  const proxied = await startServer({ demo: true, args: [...limits, '--trusted-proxy', '127.0.0.1,::1'] });
  try {
    assert.equal((await attempt(proxied.base, '203.0.113.7')).status, 401);
    assert.equal((await attempt(proxied.base, '198.51.100.1, 203.0.113.7')).status, 401);
    assert.equal((await attempt(proxied.base, '203.0.113.7')).status, 429, 'one client hit its limit of 3');
    // Another client behind the same proxy is not locked out with it; an
    // address the client wrote further left is not believed.
    assert.equal((await attempt(proxied.base, '203.0.113.8')).status, 401);
    assert.equal((await attempt(proxied.base, '203.0.113.7, 203.0.113.9')).status, 401);
    const admin = new Client(proxied.base);
    assert.equal((await admin.request('POST', '/api/v1/session', {
      json: { phone: DEMO_ADMIN, password: DEMO_PASSWORD }, headers: { 'X-Forwarded-For': '192.0.2.44' },
    })).status, 201);
    const rows = (await admin.request('GET', '/api/v1/audit?action=session.login&limit=1')).data.items;
    assert.equal(rows[0].client_addr, '192.0.2.44', 'the audit log names the client, not the proxy');
  } finally {
    await proxied.stop();
  }
  // Without the setting, anyone could pick an address: the header is ignored.
  const direct = await startServer({ demo: true, args: limits });
  try {
    assert.equal((await attempt(direct.base, '203.0.113.7')).status, 401);
    assert.equal((await attempt(direct.base, '203.0.113.8')).status, 401);
    assert.equal((await attempt(direct.base, '203.0.113.9')).status, 429, 'all from one address');
  } finally {
    await direct.stop();
  }
});

// A stolen session must not become a way to guess the password: wrong
// current passwords count like failed log-ins of the account.
test('wrong current passwords on a password change lock the account too', async () => {
  const small = await startServer({ demo: true, args: ['--login-account-max', '2', '--login-address-max', '0'] });
  try {
    const c = new Client(small.base);
    assert.equal((await c.login(STAFF_A, DEMO_PASSWORD)).status, 201);
    const change = (current) => c.request('POST', '/api/v1/account/password', { json: { current_password: current, new_password: 'Fresh#Pass2026' } });
    let r = await change('guess-one');
    assert.equal(r.status, 400);
    assert.equal(r.data.error.code, 'password_wrong');
    r = await change('guess-two');
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    r = await change(DEMO_PASSWORD);
    assert.equal(r.status, 429, 'locked even with the right one');
    r = await new Client(small.base).login(STAFF_A, DEMO_PASSWORD);
    assert.equal(r.status, 429, 'and log-in is locked for the account');
    // With the address count off, another account from here still logs in.
    assert.equal((await new Client(small.base).login(STAFF_B, DEMO_PASSWORD)).status, 201);
  } finally {
    await small.stop();
  }
});
