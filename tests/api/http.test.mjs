// The HTTP layer against a real server: health, readiness, the common
// checks, error bodies in both languages, static files, metrics, the
// access log and the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, Client, BACKEND } from './helpers.mjs';

// Status of a GET sent with the target exactly as given.
function rawStatus(path) {
  const { hostname, port } = new URL(server.base);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
  });
}

let server, client;
before(async () => { server = await startServer({ webRoot: true }); client = new Client(server.base); });
after(async () => { await server.stop(); });

test('healthz, readyz and version answer with JSON', async () => {
  let r = await client.request('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(r.data, { status: 'ok' });
  r = await client.request('GET', '/readyz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data, { status: 'ready' });
  r = await client.request('GET', '/api/v1/version');
  assert.equal(r.data.backend, BACKEND);
  assert.ok(r.data.schema >= 1);
});

test('unknown API routes are 404 JSON, in Chinese by default and English on request', async () => {
  let r = await client.request('GET', '/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'not_found');
  assert.match(r.data.error.message, /找不到请求的地址/);
  r = await client.request('GET', '/api/v1/no-such-thing', { headers: { 'accept-language': 'en-US,en;q=0.8' } });
  assert.match(r.data.error.message, /^No such address/);
  r = await client.request('GET', '/api/v1/no-such-thing', { headers: { cookie: 'lang=en' } });
  assert.match(r.data.error.message, /^No such address/);
});

test('a wrong method is 405 with Allow', async () => {
  const r = await client.request('DELETE', '/healthz');
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD');
  assert.equal(r.data.error.code, 'method_not_allowed');
});

test('malformed request targets are 400, never a crash', async () => {
  for (const path of ['/api/v1/version?q=%E4%B8', '/api/v1/%00x', '/api/v1/version?x=%zz']) {
    const r = await client.request('GET', path);
    assert.equal(r.status, 400, path);
    assert.equal(r.data.error.code, 'bad_request');
  }
  const long = '/api/v1/version?q=' + 'a'.repeat(9000);
  const r = await client.request('GET', long);
  assert.ok([400, 414].includes(r.status), `long target gave ${r.status}`);
  assert.equal((await client.request('GET', '/healthz')).status, 200);
});

test('static files have the right type and caching; front-end routes get index.html', async () => {
  let r = await client.request('GET', '/assets/app-3f2a1b.js');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/javascript/);
  assert.match(r.headers.get('cache-control'), /max-age=31536000, immutable/);
  r = await client.request('GET', '/assets/style-9c8d.css');
  assert.match(r.headers.get('content-type'), /^text\/css/);
  r = await client.request('GET', '/logo.svg');
  assert.equal(r.headers.get('content-type'), 'image/svg+xml');
  r = await client.request('GET', '/');
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.text, /<title>协商<\/title>/);
  r = await client.request('GET', '/topics/42');
  assert.equal(r.status, 200);
  assert.match(r.text, /id="app"/);
  for (const hidden of ['/.vite/manifest.json', '/.env', '/assets/../.env']) {
    r = await client.request('GET', hidden);
    assert.equal(r.status, 404, hidden);
    assert.doesNotMatch(r.text, /secret|never-served/, hidden);
  }
  r = await client.request('GET', '/assets/missing.js');
  assert.equal(r.status, 404);
  // fetch() would resolve the dots itself; send the raw target.
  assert.equal(await rawStatus('/%2e%2e/%2e%2e/etc/passwd'), 400);
  assert.equal(await rawStatus('/assets/../../../etc/passwd'), 400);
  r = await client.request('GET', '/api/v1/not-a-page');
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'not_found');
});

test('every response carries protective headers', async () => {
  const r = await client.request('GET', '/healthz');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('metrics count requests by route and status and show open connections', async () => {
  for (let i = 0; i < 3; i++) await client.request('GET', '/healthz');
  await client.request('DELETE', '/healthz');
  const r = await client.request('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0.0.4/);
  const m = r.text.match(/xieshang_http_requests_total\{method="GET",route="\/healthz",status="200"\} (\d+)/);
  assert.ok(m && Number(m[1]) >= 3, 'healthz 200 counted');
  assert.match(r.text, /route="\(unmatched\)",status="405"\} [1-9]/);
  assert.match(r.text, /route="\(static\)",status="200"\} [1-9]/);
  assert.match(r.text, /xieshang_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+/);
  assert.match(r.text, /xieshang_http_open_connections [1-9]\d*/);
});

test('each request writes one access-log line with method, path, status and microseconds', async () => {
  await client.request('GET', '/api/v1/version?probe=1');
  await new Promise((r) => setTimeout(r, 50));
  assert.match(server.stderr(), /GET \/api\/v1\/version 200 \d+us/);
});

test('the OpenAPI document is served and describes the routes', async () => {
  const r = await client.request('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.data.openapi, '3.0.3');
  for (const path of ['/healthz', '/readyz', '/metrics', '/api/v1/session']) assert.ok(r.data.paths[path], path);
});
