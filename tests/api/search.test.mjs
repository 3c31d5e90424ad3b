// The search API against a real server: who may search, and bad input (empty
// and punctuation-only queries, operators typed by a user, invalid UTF-8,
// oversized queries, bad paging) answered with a clear 4xx or a result,
// never a 500. The ranking and matching themselves are pinned by
// tests/unit/test_search.c on both backends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server, admin;
before(async () => {
  server = await startServer({ demo: true });
  admin = new Client(server.base);
  assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
});
after(async () => { await server.stop(); });

const q = (s) => '/api/v1/search?q=' + encodeURIComponent(s);

test('search needs a logged-in staff member', async () => {
  const anon = new Client(server.base);
  assert.equal((await anon.request('GET', q('改造'))).status, 401);
  const resident = new Client(server.base);
  assert.equal((await resident.login('13800000002', DEMO_PASSWORD)).status, 201);
  assert.equal((await resident.request('GET', q('改造'))).status, 403);
});

test('staff search only their own subtree; other roles may not search', async () => {
  const township = new Client(server.base);
  assert.equal((await township.login('13800000101', DEMO_PASSWORD)).status, 201);
  let r = await township.request('GET', q('改造'));
  assert.equal(r.status, 200, 'scoped to their township by default');
  r = await township.request('GET', q('改造') + '&unit=/');
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'forbidden');
  r = await township.request('POST', '/api/v1/search/similar', { json: { text: '老旧小区改造', unit: '/' } });
  assert.equal(r.status, 403);
  r = await township.request('POST', '/api/v1/search/similar', { json: { text: '老旧小区改造' } });
  assert.equal(r.status, 200);
  const department = new Client(server.base);
  assert.equal((await department.login('13800000201', DEMO_PASSWORD)).status, 201);
  assert.equal((await department.request('GET', q('改造'))).status, 403);
  assert.equal((await admin.request('GET', q('改造') + '&unit=/')).status, 200);
});

test('a query returns a page of results', async () => {
  const r = await admin.request('GET', q('老旧小区改造') + '&type=topic&unit=/1/&page=1&per_page=5');
  assert.equal(r.status, 200);
  // The demo county's topics are indexed: one is about this very matter.
  assert.equal(r.data.page, 1);
  assert.equal(r.data.per_page, 5);
  assert.ok(r.data.total >= 1 && r.data.total_exact);
  assert.ok(r.data.items.length >= 1 && r.data.items.length <= 5);
  assert.ok(r.data.items.every((x) => x.type === 'topic'));
});

test('what a user may type is never a server error', async () => {
  for (const text of ['"老旧', '改造*', 'NEAR(改造 小区)', '-污水', 'a OR b', 'title:x', "'; DROP TABLE users;--"]) {
    const r = await admin.request('GET', q(text));
    assert.equal(r.status, 200, text);
    assert.ok(Array.isArray(r.data.items));
  }
  let r = await admin.request('GET', q(''));
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'search_empty');
  assert.match(r.data.error.message, /请输入要搜索的文字/);
  for (const text of ['，。！？……', '(((', '\\', '*', '"']) {
    r = await admin.request('GET', q(text));
    assert.equal(r.status, 400, text);
    assert.equal(r.data.error.code, 'search_empty');
  }
  r = await admin.request('GET', '/api/v1/search?q=%FF%FE');
  assert.equal(r.status, 400);
  r = await admin.request('GET', q('a'.repeat(5000)));
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'search_too_long');
  r = await admin.request('GET', q('协'.repeat(2000)));
  assert.equal(r.status, 414);
  assert.equal(r.data.error.code, 'query_too_long');
  r = await admin.request('GET', '/api/v1/search');
  assert.equal(r.data.error.code, 'field_required');
  r = await admin.request('GET', q('改造') + '&per_page=1000');
  assert.equal(r.status, 400);
  assert.match(r.data.error.message, /per_page/);
  r = await admin.request('GET', q('改造') + '&page=abc');
  assert.equal(r.status, 400);
});

test('the duplicate check answers and refuses bad input', async () => {
  let r = await admin.request('POST', '/api/v1/search/similar', { json: { text: '关于老旧小区改造的建议' } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.items, []);
  r = await admin.request('POST', '/api/v1/search/similar', { json: { text: '！！！' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'search_empty');
  r = await admin.request('POST', '/api/v1/search/similar', { json: { text: 'x', limit: 0 } });
  assert.equal(r.data.error.code, 'field_invalid');
  r = await admin.request('POST', '/api/v1/search/similar', { json: { text: '长'.repeat(400000) } });
  assert.equal(r.status, 413);
});

test('reindex rebuilds with a progress bar', () => {
  const r = cli(['reindex', '--db', server.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /\[#+\] 100% (\d+)\/\1/);
  assert.match(r.stdout, /search index rebuilt/);
});
