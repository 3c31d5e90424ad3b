// The unit tree over HTTP: create, list as a page and as a tree, rename,
// move (and the refusals), retire; who may change it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server, admin;
before(async () => {
  server = await startServer({ demo: true });
  admin = new Client(server.base);
  assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
});
after(async () => { await server.stop(); });

async function create(parent_id, kind, name) {
  const r = await admin.request('POST', '/api/v1/units', { json: { parent_id, kind, name } });
  assert.equal(r.status, 201, r.text);
  return r.data;
}

test('a tree is built, listed, filtered and shown nested', async () => {
  const p = await create(undefined, 'province', '测试省');
  const c = await create(p.id, 'city', '测试市');
  const k = await create(c.id, 'county', '测试县');
  const t = await create(k.id, 'township', '测试镇');
  const v1 = await create(t.id, 'village', '东村');
  await create(t.id, 'village', '西村');
  await create(t.id, 'enterprise', '测试镇卫生院');
  assert.equal(v1.path, `/${p.id}/${c.id}/${k.id}/${t.id}/${v1.id}/`);
  assert.equal(v1.parent_id, t.id);
  assert.equal(p.parent_id, null);

  let r = await admin.request('GET', `/api/v1/units?root=${k.id}&kind=village`);
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 2);
  assert.deepEqual(r.data.items.map((u) => u.name).sort(), ['东村', '西村']);
  r = await admin.request('GET', `/api/v1/units?parent=${t.id}&limit=2&offset=0`);
  assert.equal(r.data.total, 3);
  assert.equal(r.data.items.length, 2);
  r = await admin.request('GET', `/api/v1/units?root=${p.id}&q=${encodeURIComponent('东')}`);
  assert.deepEqual(r.data.items.map((u) => u.id), [v1.id]);
  r = await admin.request('GET', `/api/v1/units?q=${encodeURIComponent('%')}&root=${p.id}`);
  assert.equal(r.data.total, 0, 'a % in the search is a literal');

  r = await fetch(`${server.base}/api/v1/units/tree?root=${p.id}`).then(async (x) => ({ status: x.status, data: await x.json() }));
  assert.equal(r.status, 200);
  assert.equal(r.data.units.length, 1);
  const town = r.data.units[0].children[0].children[0].children[0];
  assert.equal(town.name, '测试镇');
  assert.equal(town.children.length, 3);

  r = await admin.request('GET', `/api/v1/units/${v1.id}`);
  assert.equal(r.data.name, '东村');
});

test('bad kinds, unknown units and cycles get clear 4xx and change nothing', async () => {
  const p = await create(undefined, 'province', '乙省');
  const c = await create(p.id, 'city', '乙市');
  const k = await create(c.id, 'county', '乙县');
  const t = await create(k.id, 'township', '乙镇');
  const v = await create(t.id, 'village', '乙村');
  let r = await admin.request('POST', '/api/v1/units', { json: { parent_id: v.id, kind: 'county', name: '错县' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'unit_kind');
  r = await admin.request('POST', '/api/v1/units', { json: { parent_id: 987654, kind: 'city', name: '无' } });
  assert.equal(r.status, 404);
  assert.equal(r.data.error.code, 'unit_not_found');
  r = await admin.request('POST', '/api/v1/units', { json: { parent_id: p.id, kind: 'galaxy', name: '无' } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'field_invalid');
  r = await admin.request('GET', '/api/v1/units/987654');
  assert.equal(r.status, 404);
  r = await admin.request('GET', '/api/v1/units/abc');
  assert.equal(r.status, 404);
  r = await admin.request('GET', '/api/v1/units?limit=100000');
  assert.equal(r.status, 400);

  r = await admin.request('POST', `/api/v1/units/${k.id}/move`, { json: { parent_id: t.id } });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'unit_cycle');
  r = await admin.request('POST', `/api/v1/units/${k.id}/move`, { json: { parent_id: k.id } });
  assert.equal(r.data.error.code, 'unit_cycle');
  r = await admin.request('POST', `/api/v1/units/${t.id}/move`, { json: { parent_id: v.id } });
  assert.equal(r.status, 400);
  assert.equal((await admin.request('GET', `/api/v1/units/${v.id}`)).data.path,
    `/${p.id}/${c.id}/${k.id}/${t.id}/${v.id}/`);
});

test('rename, move with descendants, retire', async () => {
  const p = await create(undefined, 'province', '丙省');
  const c1 = await create(p.id, 'city', '丙一市');
  const c2 = await create(p.id, 'city', '丙二市');
  const k = await create(c1.id, 'county', '丙县');
  const t = await create(k.id, 'township', '丙镇');
  let r = await admin.request('PATCH', `/api/v1/units/${t.id}`, { json: { name: '丙街道' } });
  assert.equal(r.status, 200);
  assert.equal(r.data.name, '丙街道');
  r = await admin.request('POST', `/api/v1/units/${k.id}/move`, { json: { parent_id: c2.id } });
  assert.equal(r.status, 200);
  assert.equal(r.data.parent_id, c2.id);
  r = await admin.request('GET', `/api/v1/units/${t.id}`);
  assert.equal(r.data.path, `/${p.id}/${c2.id}/${k.id}/${t.id}/`);

  r = await admin.request('POST', `/api/v1/units/${k.id}/retire`);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'unit_has_children');
  r = await admin.request('POST', `/api/v1/units/${t.id}/retire`);
  assert.equal(r.status, 200);
  assert.ok(r.data.retired_at > 0);
  r = await admin.request('GET', `/api/v1/units?root=${k.id}`);
  assert.deepEqual(r.data.items.map((u) => u.id), [k.id]);
  r = await admin.request('GET', `/api/v1/units?root=${k.id}&retired=1`);
  assert.equal(r.data.total, 2);
  r = await admin.request('PATCH', `/api/v1/units/${t.id}`, { json: { name: '又改' } });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'unit_retired');
});

test('changing units needs a session, CSRF and the right', async () => {
  const anon = new Client(server.base);
  let r = await anon.request('POST', '/api/v1/units', { json: { kind: 'province', name: '无权省' } });
  assert.equal(r.status, 401);
  r = await admin.request('POST', '/api/v1/units', { json: { kind: 'province', name: '无令省' }, headers: { 'X-CSRF-Token': 'forged' } });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'csrf');
  const plain = new Client(server.base);
  assert.equal((await plain.login('13800000002', DEMO_PASSWORD)).status, 201);
  r = await plain.request('POST', '/api/v1/units', { json: { kind: 'province', name: '越权省' } });
  assert.equal(r.status, 403);
  r = await admin.request('GET', `/api/v1/units?q=${encodeURIComponent('省')}&kind=province`);
  assert.ok(!r.data.items.some((u) => /无权|无令|越权/.test(u.name)));
});
