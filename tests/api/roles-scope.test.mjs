// Role lists are scoped: a township's staff see their own roles and those
// held inside their township, never the roles of another township's people.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

async function login(phone) {
  const c = new Client(server.base);
  const r = await c.login(phone, DEMO_PASSWORD);
  assert.equal(r.status, 201, phone);
  return { client: c, id: r.data.user.id };
}

test("a township's staff cannot read another township's people's roles", async () => {
  const first = await login('13800000101');
  const second = await login('13800000102');
  const admin = await login(DEMO_ADMIN);
  let r = await first.client.request('GET', `/api/v1/users/${first.id}/roles`);
  assert.equal(r.status, 200);
  assert.ok(r.data.items.length >= 1, 'own roles are visible');
  r = await first.client.request('GET', `/api/v1/users/${second.id}/roles`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.items, []);
  r = await admin.client.request('GET', `/api/v1/users/${second.id}/roles`);
  assert.ok(r.data.items.some((x) => x.role === 'staff'), 'the administrator sees them');
});
