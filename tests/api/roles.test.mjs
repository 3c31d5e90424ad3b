// Roles at units over HTTP: granting inside and outside the granter's own
// scope, what a scoped administrator and a staff member may do, revoking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server, root, tree;
before(async () => {
  server = await startServer({ demo: true });
  root = new Client(server.base);
  assert.equal((await root.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  const make = async (parent_id, kind, name) =>
    (await root.request('POST', '/api/v1/units', { json: { parent_id, kind, name } })).data;
  const p = await make(undefined, 'province', '丁省');
  const k = await make((await make(p.id, 'city', '丁市')).id, 'county', '丁县');
  tree = { p, k, a: await make(k.id, 'township', '甲镇'), b: await make(k.id, 'township', '乙镇') };
});
after(async () => { await server.stop(); });

async function userId(client) {
  return (await client.request('GET', '/api/v1/session')).data.user.id;
}

test('a scoped administrator acts inside its township only', async () => {
  const wang = new Client(server.base);
  await wang.login('13800000002', DEMO_PASSWORD);
  const wangId = await userId(wang);
  let r = await root.request('POST', `/api/v1/users/${wangId}/roles`, { json: { role: 'admin', unit_id: tree.a.id } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.data.role, 'admin');
  r = await root.request('POST', `/api/v1/users/${wangId}/roles`, { json: { role: 'admin', unit_id: tree.a.id } });
  assert.equal(r.status, 409);

  r = await wang.request('GET', '/api/v1/session');
  assert.deepEqual(r.data.roles.map((x) => [x.role, x.unit_id]), [['admin', tree.a.id]]);
  r = await wang.request('POST', '/api/v1/units', { json: { parent_id: tree.a.id, kind: 'village', name: '甲一村' } });
  assert.equal(r.status, 201);
  const village = r.data;
  r = await wang.request('POST', '/api/v1/units', { json: { parent_id: tree.b.id, kind: 'village', name: '乙一村' } });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'forbidden');
  r = await wang.request('PATCH', `/api/v1/units/${tree.b.id}`, { json: { name: '改名' } });
  assert.equal(r.status, 403);
  // Moving its village into the other township needs the right at both ends.
  r = await wang.request('POST', `/api/v1/units/${village.id}/move`, { json: { parent_id: tree.b.id } });
  assert.equal(r.status, 403);
  assert.equal((await root.request('GET', `/api/v1/units/${village.id}`)).data.parent_id, tree.a.id);

  // Granting: inside its scope yes, at the other township or the county no.
  const li = new Client(server.base);
  await li.login('13800000003', DEMO_PASSWORD);
  const liId = await userId(li);
  r = await wang.request('POST', `/api/v1/users/${liId}/roles`, { json: { role: 'staff', unit_id: tree.b.id } });
  assert.equal(r.status, 403);
  r = await wang.request('POST', `/api/v1/users/${liId}/roles`, { json: { role: 'admin', unit_id: tree.k.id } });
  assert.equal(r.status, 403);
  r = await wang.request('POST', `/api/v1/users/${liId}/roles`, { json: { role: 'staff', unit_id: village.id } });
  assert.equal(r.status, 201);
  const grant = r.data;
  r = await wang.request('POST', `/api/v1/users/${liId}/roles`, { json: { role: 'chief', unit_id: village.id } });
  assert.equal(r.status, 400);
  r = await root.request('GET', `/api/v1/users/${liId}/roles`);
  assert.deepEqual(r.data.items.map((x) => [x.role, x.unit_name]), [['staff', '甲一村']]);

  // Staff reach staff routes but the table gives them no unit changes.
  r = await li.request('POST', '/api/v1/units', { json: { parent_id: village.id, kind: 'enterprise', name: '合作社' } });
  assert.equal(r.status, 403);

  r = await wang.request('DELETE', `/api/v1/users/${wangId}/roles/${grant.id}`);
  assert.equal(r.status, 404, 'the grant belongs to another user');
  r = await wang.request('DELETE', `/api/v1/users/${liId}/roles/${grant.id}`);
  assert.equal(r.status, 204);
  r = await li.request('GET', '/api/v1/units');
  assert.equal(r.status, 200);
  r = await li.request('GET', `/api/v1/users/${liId}/roles`);
  assert.equal(r.status, 403, 'no role left: not staff any more');
});

test('granting needs a session, CSRF, a known user and a known unit', async () => {
  const anon = new Client(server.base);
  let r = await anon.request('POST', '/api/v1/users/1/roles', { json: { role: 'staff', unit_id: tree.a.id } });
  assert.equal(r.status, 401);
  r = await root.request('POST', '/api/v1/users/1/roles', { json: { role: 'staff', unit_id: tree.a.id }, headers: { 'X-CSRF-Token': 'x' } });
  assert.equal(r.status, 403);
  r = await root.request('POST', '/api/v1/users/987654/roles', { json: { role: 'staff', unit_id: tree.a.id } });
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'user_not_found');
  r = await root.request('POST', '/api/v1/users/1/roles', { json: { role: 'staff', unit_id: 987654 } });
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'unit_not_found');
  r = await root.request('DELETE', '/api/v1/users/1/roles/987654');
  assert.equal(r.status, 404);
});
