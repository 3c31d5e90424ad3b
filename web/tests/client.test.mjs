// The API client, with fetch replaced: JSON in and out, the CSRF token
// only on requests that change state, and the server's error message.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, sessionApi, setCsrfToken, ApiError, NETWORK_ERROR } from '../src/api/client.js';

let calls;
function answer(status, body) {
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    const text = body === undefined ? '' : JSON.stringify(body);
    return { ok: status < 400, status, text: async () => text };
  };
}
beforeEach(() => { calls = []; setCsrfToken(null); });

test('login keeps the CSRF token and sends it on state changes only', async () => {
  answer(201, { user: { id: 1 }, csrf_token: 'tok', expires_at: 1 });
  await sessionApi.login('13800000001', 'pw');
  assert.equal(calls[0].url, '/api/v1/session');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.credentials, 'same-origin');
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(calls[0].init.body), { phone: '13800000001', password: 'pw' });

  answer(200, { ok: true });
  await api.get('/version', { query: { a: 1, b: '' } });
  assert.equal(calls[1].url, '/api/v1/version?a=1');
  assert.equal(calls[1].init.headers['X-CSRF-Token'], undefined);

  answer(204);
  assert.equal(await sessionApi.logout(), undefined);
  assert.equal(calls[2].init.method, 'DELETE');
  assert.equal(calls[2].init.headers['X-CSRF-Token'], 'tok');

  answer(204);
  await api.delete('/session');
  assert.equal(calls[3].init.headers['X-CSRF-Token'], undefined, 'token forgotten after logout');
});

test('an error carries the server message, code and extra fields', async () => {
  answer(401, { error: { code: 'login_failed', message: '手机号码或密码不正确', field: 'password' } });
  await assert.rejects(sessionApi.login('13800000001', 'x'), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 401);
    assert.equal(e.code, 'login_failed');
    assert.equal(e.message, '手机号码或密码不正确');
    assert.equal(e.field, 'password');
    return true;
  });
});

test('a network failure is an ApiError with its own code', async () => {
  globalThis.fetch = async () => { throw new TypeError('failed'); };
  await assert.rejects(api.get('/version'), (e) => e.code === NETWORK_ERROR && e.status === 0);
});

test('a 401 outside /session calls the unauthorized handler', async () => {
  const { onUnauthorized } = await import('../src/api/client.js');
  const seen = [];
  onUnauthorized((e) => seen.push(e.code));
  answer(401, { error: { code: 'unauthorized', message: '请先登录' } });
  await assert.rejects(api.get('/units'));
  answer(401, { error: { code: 'unauthorized', message: '请先登录' } });
  await assert.rejects(sessionApi.current());
  assert.deepEqual(seen, ['unauthorized']);
  onUnauthorized(null);
});

test('evidence is uploaded as the raw file with its own type, the name in the query', async () => {
  const { venueApi } = await import('../src/api/client.js');
  setCsrfToken('tok');
  answer(201, { id: 7 });
  const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], '门牌 1.png', { type: 'image/png' });
  assert.deepEqual(await venueApi.upload(3, 'signage', file), { id: 7 });
  assert.equal(calls[0].url, '/api/v1/venues/3/checklist/signage/evidence?name=%E9%97%A8%E7%89%8C+1.png');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.headers['Content-Type'], 'image/png');
  assert.equal(calls[0].init.headers['X-CSRF-Token'], 'tok');
  assert.equal(calls[0].init.body, file);
});
