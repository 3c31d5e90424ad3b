// JSON bodies and sessions against a real server: body checks (415, 413,
// 400 for malformed JSON, invalid UTF-8 and wrong types), login, the
// session cookie, CSRF, logout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

async function post(body, headers) {
  const res = await fetch(server.base + '/api/v1/session', { method: 'POST', headers, body });
  return { status: res.status, data: await res.json() };
}

test('a body of the wrong type is 415', async () => {
  const r = await post('phone=1', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 415);
  assert.equal(r.data.error.code, 'unsupported_media_type');
});

test('an oversized body is 413 before it is read', async () => {
  const big = JSON.stringify({ phone: '1', password: 'x'.repeat(2 << 20) });
  const r = await post(big, { 'content-type': 'application/json' });
  assert.equal(r.status, 413);
  assert.equal(r.data.error.code, 'body_too_large');
});

test('malformed JSON, invalid UTF-8, wrong types and deep nesting are 400 with a reason', async () => {
  let r = await post('{"phone": "1",', { 'content-type': 'application/json' });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'invalid_json');
  r = await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), { 'content-type': 'application/json' });
  assert.equal(r.data.error.code, 'invalid_utf8');
  r = await post(JSON.stringify({ phone: 13800000001, password: DEMO_PASSWORD }), { 'content-type': 'application/json' });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_type');
  assert.match(r.data.error.message, /phone/);
  r = await post(JSON.stringify({ phone: DEMO_ADMIN }), { 'content-type': 'application/json' });
  assert.equal(r.data.error.code, 'field_required');
  r = await post('{"a":' + '['.repeat(100) + ']'.repeat(100) + '}', { 'content-type': 'application/json' });
  assert.equal(r.data.error.code, 'json_too_deep');
  r = await post('', { 'content-type': 'application/json' });
  assert.equal(r.status, 400);
});

test('a wrong password or unknown phone gets the same 401', async () => {
  const c = new Client(server.base);
  let r = await c.login(DEMO_ADMIN, 'not-the-password');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'login_failed');
  assert.match(r.data.error.message, /^手机号码或密码不正确，还可以再试 \d+ 次$/);
  r = await c.login('13999999999', DEMO_PASSWORD);
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'login_failed');
});

test('logging in sets an HttpOnly SameSite cookie; the session needs CSRF to change state', async () => {
  const c = new Client(server.base);
  let r = await c.request('GET', '/api/v1/session');
  assert.equal(r.status, 401);
  assert.equal(r.data.error.code, 'unauthenticated');
  const res = await fetch(server.base + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '138 0000 0001', password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 201);
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /^xs_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
  r = await c.login(DEMO_ADMIN, DEMO_PASSWORD);
  assert.equal(r.status, 201);
  assert.equal(r.data.user.is_admin, true);
  assert.equal(r.data.user.phone, DEMO_ADMIN);
  r = await c.request('GET', '/api/v1/session');
  assert.equal(r.status, 200);
  assert.equal(r.data.user.name, '系统管理员');
  // Logging out without the CSRF token is refused and changes nothing.
  r = await c.request('DELETE', '/api/v1/session', { headers: { 'X-CSRF-Token': '' } });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'csrf');
  r = await c.request('DELETE', '/api/v1/session', { headers: { 'X-CSRF-Token': 'forged-token' } });
  assert.equal(r.status, 403);
  assert.equal((await c.request('GET', '/api/v1/session')).status, 200);
  r = await c.request('DELETE', '/api/v1/session');
  assert.equal(r.status, 204);
  assert.equal(c.cookies.has('xs_session'), false);
  assert.equal((await c.request('GET', '/api/v1/session')).status, 401);
});

test('a forged session cookie is 401', async () => {
  const r = await fetch(server.base + '/api/v1/session', { headers: { cookie: 'xs_session=' + 'A'.repeat(43) } });
  assert.equal(r.status, 401);
});

test('concurrent requests are all answered', async () => {
  const results = await Promise.all(Array.from({ length: 50 }, () => fetch(server.base + '/readyz').then((r) => r.status)));
  assert.deepEqual(new Set(results), new Set([200]));
});
