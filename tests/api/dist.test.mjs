// `make dist`: build/dist/xieshang carries web/dist inside and serves it
// when started without --web-root, by the same rules as a web root (content
// types, a year's caching for hashed assets, index.html for front-end
// routes); the plain binary without --web-root still serves the API only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startServer, BIN } from './helpers.mjs';

const DIST_BIN = process.env.XIESHANG_DIST_BIN || join(dirname(BIN), 'dist', 'xieshang');
const WEB_DIST = new URL('../../web/dist', import.meta.url).pathname;
const skip = existsSync(DIST_BIN) ? false : `${DIST_BIN} is not built (make dist)`;

let server;
before(async () => { if (!skip) server = await startServer({ bin: DIST_BIN }); });
after(async () => { if (server) await server.stop(); });

test('the dist binary serves the front end built into it', { skip }, async () => {
  let r = await fetch(`${server.base}/`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  const html = await r.text();
  assert.equal(html, readFileSync(join(WEB_DIST, 'index.html'), 'utf8'),
    'the index.html of the last build (run make dist after changing web/)');
  const script = html.match(/src="\/(assets\/[^"]+\.js)"/)[1];

  r = await fetch(`${server.base}/${script}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), readFileSync(join(WEB_DIST, script)));

  r = await fetch(`${server.base}/favicon.svg`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/svg+xml');
});

test('front-end routes get index.html; missing files and the API answer as usual', { skip }, async () => {
  let r = await fetch(`${server.base}/workspace/units`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /<div id="app">/);
  r = await fetch(`${server.base}/assets/no-such-file.js`);
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, 'not_found');
  r = await fetch(`${server.base}/.vite/manifest.json`);
  assert.equal(r.status, 404, 'the build manifest is not part of the installation');
  r = await fetch(`${server.base}/api/v1/version`);
  assert.equal(r.status, 200);
  assert.ok((await r.json()).version);
});

test('the plain binary without --web-root serves no front end', async () => {
  const plain = await startServer();
  try {
    const r = await fetch(`${plain.base}/`);
    assert.equal(r.status, 404);
  } finally {
    await plain.stop();
  }
});
