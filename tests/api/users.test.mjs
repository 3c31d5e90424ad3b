// People over HTTP: residents register themselves at a village or
// community; staff create accounts within their scope; names and phone
// numbers are masked for callers without the right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server, root, u;
before(async () => {
  server = await startServer({ demo: true });
  root = new Client(server.base);
  assert.equal((await root.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  const make = async (parent_id, kind, name) =>
    (await root.request('POST', '/api/v1/units', { json: { parent_id, kind, name } })).data;
  const p = await make(undefined, 'province', '己省');
  const k = await make((await make(p.id, 'city', '己市')).id, 'county', '己县');
  const a = await make(k.id, 'township', '甲镇');
  const b = await make(k.id, 'township', '乙镇');
  u = { p, k, a, b, va: await make(a.id, 'village', '甲村'), vb: await make(b.id, 'village', '乙村') };
});
after(async () => { await server.stop(); });

const register = (body, client = new Client(server.base)) =>
  client.request('POST', '/api/v1/users', { json: body });

test('a resident registers, logs in, and is shown masked to others', async () => {
  let r = await register({ phone: '139 1234 5678', name: '张三丰', password: 'Village#2026', unit_id: u.va.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.data.role, 'resident');
  assert.equal(r.data.phone, '13912345678');
  const id = r.data.id;
  r = await register({ phone: '13912345678', name: '李四', password: 'Other#2026x', unit_id: u.va.id });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'phone_taken');
  r = await register({ phone: '13912340000', name: '李四', password: '12345678', unit_id: u.va.id });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'password_weak');
  r = await register({ phone: '13912340000', name: '李四', password: 'Village#2026', unit_id: u.a.id });
  assert.equal(r.status, 400);
  assert.equal(r.data.error.code, 'resident_unit');
  r = await register({ phone: '13912340000', name: '李四', password: 'Village#2026', unit_id: 987654 });
  assert.equal(r.status, 404);
  r = await register({ phone: '13912340000', name: '李四', password: 'Village#2026', unit_id: u.va.id, role: 'admin' });
  assert.equal(r.status, 401, 'only residents register themselves');

  const me = new Client(server.base);
  assert.equal((await me.login('13912345678', 'Village#2026')).status, 201);
  r = await me.request('GET', '/api/v1/session');
  assert.deepEqual(r.data.roles.map((x) => [x.role, x.unit_id]), [['resident', u.va.id]]);
  r = await me.request('GET', `/api/v1/users/${id}`);
  assert.equal(r.data.phone, '13912345678');
  assert.equal(r.data.masked, false);
  r = await fetch(`${server.base}/api/v1/users/${id}`).then((x) => x.json());
  assert.equal(r.phone, '139****5678');
  assert.equal(r.name, '张**');
  assert.equal(r.masked, true);
  r = await root.request('GET', `/api/v1/users/${id}`);
  assert.equal(r.data.name, '张三丰');
  assert.equal((await root.request('GET', '/api/v1/users/987654')).status, 404);

  // The registration is in the audit log, with the phone masked.
  r = await root.request('GET', `/api/v1/audit?action=user.create&object_id=${id}`);
  assert.equal(r.data.items.length, 1);
  assert.equal(r.data.items[0].user_id, null);
  assert.equal(r.data.items[0].after.phone, '139****5678');
});

test('staff create accounts inside their township only, and see them in full', async () => {
  const staff = new Client(server.base);
  await staff.login('13800000002', DEMO_PASSWORD);
  const staffId = (await staff.request('GET', '/api/v1/session')).data.user.id;
  assert.equal((await root.request('POST', `/api/v1/users/${staffId}/roles`, { json: { role: 'staff', unit_id: u.a.id } })).status, 201);
  let r = await staff.request('POST', '/api/v1/users', { json: { phone: '13700001111', name: '王委员', password: 'Member#2026', unit_id: u.va.id, role: 'member' } });
  assert.equal(r.status, 201, r.text);
  const member = r.data.id;
  r = await staff.request('POST', '/api/v1/users', { json: { phone: '13700002222', name: '赵乙', password: 'Member#2026', unit_id: u.vb.id } });
  assert.equal(r.status, 403);
  r = await staff.request('POST', '/api/v1/users', { json: { phone: '13700003333', name: '钱管', password: 'Member#2026', unit_id: u.a.id, role: 'admin' } });
  assert.equal(r.status, 403, 'staff may not hand out higher roles');
  r = await staff.request('POST', '/api/v1/users', { json: { phone: '13700004444', name: '孙丙', password: 'Member#2026', unit_id: u.va.id }, headers: { 'X-CSRF-Token': 'forged' } });
  assert.equal(r.status, 403);
  assert.equal(r.data.error.code, 'csrf');
  assert.equal((await new Client(server.base).login('13700004444', 'Member#2026')).status, 401, 'nothing was created');
  r = await staff.request('GET', `/api/v1/users/${member}`);
  assert.equal(r.data.name, '王委员');
  assert.equal(r.data.phone, '13700001111');
  // Someone registered in the other township stays masked to this staff.
  r = await register({ phone: '13600005555', name: '周丁', password: 'Village#2026', unit_id: u.vb.id });
  r = await staff.request('GET', `/api/v1/users/${r.data.id}`);
  assert.equal(r.data.phone, '136****5555');
  assert.equal(r.data.masked, true);
});
