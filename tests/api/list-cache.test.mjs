// The public topic list is answered from a cache while nothing was written
// (src/api/answer_cache.c): it must never show an older list than the
// database holds. An anonymous visitor reads the list twice (the second
// answer may come from the cache), a resident supports a topic, and the
// visitor's next read shows the new count at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from './helpers.mjs';

let server, anon;
before(async () => {
  server = await startServer({ demo: true });
  anon = new Client(server.base);
});
after(async () => { await server.stop(); });

test('a support shows in the anonymous list at once', async () => {
  const path = '/api/v1/topics?limit=100';
  const first = await anon.request('GET', path);
  assert.equal(first.status, 200);
  const again = await anon.request('GET', path);
  assert.deepEqual(again.data, first.data);
  const open = first.data.items.find((t) => t.state === 'accepted');
  assert.ok(open, 'the demo has an accepted topic');
  const resident = new Client(server.base);
  assert.equal((await resident.login('13700000033', DEMO_PASSWORD)).status, 201);
  const r = await resident.request('POST', `/api/v1/topics/${open.id}/support`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const after = await anon.request('GET', path);
  const now = after.data.items.find((t) => t.id === open.id);
  assert.equal(now.supports, open.supports + 1);
  // Withdrawn: back to the first count, again at once.
  assert.equal((await resident.request('DELETE', `/api/v1/topics/${open.id}/support`)).status, 200);
  const back = await anon.request('GET', path);
  assert.equal(back.data.items.find((t) => t.id === open.id).supports, open.supports);
});
