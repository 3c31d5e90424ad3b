// Units tell the caller what they may do to them (can: create, rename,
// move, retire), read from the same permission table the changes are
// checked against, so the front end offers only controls that work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

const TOWNSHIP_STAFF = '13800000101'; // staff of 城关街道
const NONE = { create: false, rename: false, move: false, retire: false };
const ALL = { create: true, rename: true, move: true, retire: true };

let server, admin, staff, anonymous, county;
before(async () => {
  server = await startServer({ demo: true });
  admin = new Client(server.base);
  staff = new Client(server.base);
  anonymous = new Client(server.base);
  assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  assert.equal((await staff.login(TOWNSHIP_STAFF, DEMO_PASSWORD)).status, 201);
  const r = await admin.request('GET', `/api/v1/units?kind=county&q=${encodeURIComponent('示范县')}`);
  county = r.data.items[0];
});
after(async () => { await server.stop(); });

test('an administrator may do everything to every unit, and may add a province', async () => {
  let r = await admin.request('GET', `/api/v1/units/${county.id}`);
  assert.deepEqual(r.data.can, ALL);
  r = await admin.request('GET', '/api/v1/units/tree');
  assert.equal(r.data.can_create_root, true);
  assert.deepEqual(r.data.units[0].can, ALL);
  r = await admin.request('GET', `/api/v1/units?root=${county.id}&limit=5`);
  assert.ok(r.data.items.length > 0);
  for (const u of r.data.items) assert.deepEqual(u.can, ALL, u.name);
});

test('township staff and anonymous callers are offered nothing, and the API agrees', async () => {
  for (const [who, client] of [['staff', staff], ['anonymous', anonymous]]) {
    let r = await client.request('GET', `/api/v1/units?root=${county.id}&limit=50`);
    assert.equal(r.status, 200);
    for (const u of r.data.items) assert.deepEqual(u.can, NONE, `${who}: ${u.name}`);
    r = await client.request('GET', '/api/v1/units/tree');
    assert.equal(r.data.can_create_root, false, who);
    assert.deepEqual(r.data.units[0].can, NONE, who);
  }
  const before = await admin.request('GET', `/api/v1/units/${county.id}`);
  const r = await staff.request('PATCH', `/api/v1/units/${county.id}`, { json: { name: '改名县' } });
  assert.equal(r.status, 403);
  const after = await admin.request('GET', `/api/v1/units/${county.id}`);
  assert.equal(after.data.name, before.data.name);
});

test('a change answers with the unit and what the caller may now do to it', async () => {
  const r = await admin.request('POST', '/api/v1/units',
    { json: { parent_id: county.id, kind: 'township', name: '新设镇' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.data.can, ALL);
  const audit = await admin.request('GET', `/api/v1/audit?object_type=unit&object_id=${r.data.id}`);
  assert.equal(audit.data.items[0].after.can, undefined, 'the audit summary holds the unit only');
});
