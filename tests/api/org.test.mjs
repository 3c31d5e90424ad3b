// CPPCC bodies (committees, sectors, special committees, activity groups),
// members' profiles and the people list, on the demo county.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_ADMIN, DEMO_PASSWORD, loginClient } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

const login = (phone) => loginClient(server, phone);

async function unitNamed(c, name) {
  const r = await c.request('GET', `/api/v1/units?q=${encodeURIComponent(name)}`);
  const u = r.data.items.find((x) => x.name === name);
  assert.ok(u, name);
  return u;
}

async function bodies(c, query = '') {
  const r = await c.request('GET', `/api/v1/bodies${query}`);
  assert.equal(r.status, 200);
  return r.data.items;
}

test('the demo committee has 6 sectors, 4 special committees, 8 groups and 60 members', async () => {
  const anyone = new Client(server.base);
  const items = await bodies(anyone);
  const committee = items.find((b) => b.kind === 'committee');
  assert.equal(committee.name, '示范县政协委员会');
  assert.equal(committee.unit_name, '示范县');
  assert.equal(committee.members, 60);
  const sectors = items.filter((b) => b.kind === 'sector');
  assert.deepEqual(sectors.map((b) => b.name).sort(),
    ['中共界', '乡贤界', '农业界', '医药卫生界', '教育界', '经济界'].sort());
  assert.equal(sectors.reduce((n, b) => n + b.members, 0), 60);
  assert.ok(sectors.every((b) => b.members > 0 && b.parent_id === committee.id));
  assert.equal(items.filter((b) => b.kind === 'special_committee').length, 4);
  const groups = items.filter((b) => b.kind === 'activity_group');
  assert.equal(groups.length, 8);
  assert.equal(groups.reduce((n, b) => n + b.members, 0), 60);
  assert.ok(groups.some((g) => g.name === '城关街道委员活动组' && g.unit_name === '城关街道'));
});

test('county staff create, rename and retire a sector; the changes are audited', async () => {
  const staff = await login('13800000011');
  const committee = (await bodies(staff)).find((b) => b.kind === 'committee');
  let r = await staff.request('POST', '/api/v1/bodies',
    { json: { kind: 'sector', name: '科技界', parent_id: committee.id } });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;
  assert.equal(r.data.unit_id, committee.unit_id);
  r = await staff.request('POST', '/api/v1/bodies',
    { json: { kind: 'sector', name: '科技界', parent_id: committee.id } });
  assert.equal(r.status, 409, 'a second body of the same name');
  r = await staff.request('PATCH', `/api/v1/bodies/${id}`, { json: { name: '科学技术界' } });
  assert.equal(r.status, 200);
  assert.equal(r.data.name, '科学技术界');
  r = await staff.request('POST', `/api/v1/bodies/${id}/retire`);
  assert.equal(r.status, 200);
  assert.ok(r.data.retired_at > 0);
  assert.ok(!(await bodies(staff)).some((b) => b.id === id), 'retired bodies are hidden');
  assert.ok((await bodies(staff, '?retired=1')).some((b) => b.id === id));
  r = await staff.request('PATCH', `/api/v1/bodies/${id}`, { json: { name: '又一个' } });
  assert.equal(r.status, 409, 'a retired body cannot be renamed');
  const admin = await login(DEMO_ADMIN);
  r = await admin.request('GET', '/api/v1/audit?limit=200');
  const rows = r.data.items.filter((a) => a.action === 'org.edit' && a.object_id === id);
  assert.equal(rows.length, 3);
  r = await staff.request('POST', `/api/v1/bodies/${committee.id}/retire`);
  assert.equal(r.status, 409, 'a committee with bodies in service stays');
});

test('bodies are placed where they belong', async () => {
  const admin = await login(DEMO_ADMIN);
  const committee = (await bodies(admin)).find((b) => b.kind === 'committee');
  const village = await unitNamed(admin, '府前社区');
  const township = await unitNamed(admin, '青山镇');
  const county = await unitNamed(admin, '示范县');
  let r = await admin.request('POST', '/api/v1/bodies', { json: { kind: 'committee', name: '社区政协', unit_id: village.id } });
  assert.equal(r.status, 400, 'no committee at a community');
  assert.equal(r.data.error.code, 'body_place');
  r = await admin.request('POST', '/api/v1/bodies', { json: { kind: 'committee', name: '第二个', unit_id: county.id } });
  assert.equal(r.status, 409, 'one committee per county');
  r = await admin.request('POST', '/api/v1/bodies', { json: { kind: 'liaison_committee', name: '青山镇联络委', parent_id: committee.id, unit_id: county.id } });
  assert.equal(r.status, 400, 'a group sits at a township');
  r = await admin.request('POST', '/api/v1/bodies', { json: { kind: 'liaison_committee', name: '青山镇联络委', parent_id: committee.id, unit_id: township.id } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.data.unit_name, '青山镇');
  r = await admin.request('POST', '/api/v1/bodies', { json: { kind: 'club', name: 'x', parent_id: committee.id } });
  assert.equal(r.status, 400);
  r = await admin.request('POST', '/api/v1/bodies', { json: { kind: 'sector', name: '', parent_id: committee.id } });
  assert.equal(r.status, 400, 'a name is needed');
});

test("a township's staff cannot edit the county's bodies but can add their own township's group", async () => {
  const townStaff = await login('13800000101'); // 城关街道
  const all = await bodies(townStaff);
  const committee = all.find((b) => b.kind === 'committee');
  const sector = all.find((b) => b.kind === 'sector');
  let r = await townStaff.request('PATCH', `/api/v1/bodies/${sector.id}`, { json: { name: '改名界' } });
  assert.equal(r.status, 403);
  r = await townStaff.request('POST', '/api/v1/bodies', { json: { kind: 'sector', name: '新界别', parent_id: committee.id } });
  assert.equal(r.status, 403);
  const other = all.find((b) => b.kind === 'activity_group' && b.unit_name === '青山镇');
  r = await townStaff.request('POST', `/api/v1/bodies/${other.id}/retire`);
  assert.equal(r.status, 403, "another township's group");
  const own = await unitNamed(townStaff, '城关街道');
  r = await townStaff.request('POST', '/api/v1/bodies', { json: { kind: 'street_committee', name: '城关街道工委', parent_id: committee.id, unit_id: own.id } });
  assert.equal(r.status, 201, r.text);
  assert.equal((await bodies(townStaff)).find((b) => b.id === sector.id).name, sector.name, 'unchanged');
});

test("a member's profile is set, checked and read back", async () => {
  const staff = await login('13800000011');
  const all = await bodies(staff);
  const committee = all.find((b) => b.kind === 'committee');
  const sector = all.find((b) => b.kind === 'sector' && b.name === '教育界');
  const group = all.find((b) => b.kind === 'activity_group' && b.unit_name === '白水镇');
  let r = await staff.request('GET', '/api/v1/users?role=member&limit=1&sort=id');
  const person = r.data.items[0];
  r = await staff.request('PUT', `/api/v1/users/${person.id}/profile`,
    { json: { committee_id: committee.id, sector_id: sector.id, group_id: group.id } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.profile.sector, '教育界');
  assert.equal(r.data.profile.group, '白水镇委员活动组');
  assert.equal(r.data.profile.special_committee_id, null);
  r = await staff.request('GET', `/api/v1/users/${person.id}/profile`);
  assert.equal(r.data.profile.sector_id, sector.id);
  r = await staff.request('PUT', `/api/v1/users/${person.id}/profile`,
    { json: { committee_id: committee.id, sector_id: group.id } });
  assert.equal(r.status, 400, 'a group is not a sector');
  assert.equal(r.data.error.code, 'profile_body');
  r = await staff.request('GET', `/api/v1/users/${person.id}/profile`);
  assert.equal(r.data.profile.sector_id, sector.id, 'unchanged after the refusal');
  const townStaff = await login('13800000105');
  r = await townStaff.request('PUT', `/api/v1/users/${person.id}/profile`,
    { json: { committee_id: committee.id, sector_id: sector.id } });
  assert.equal(r.status, 403, "a township's staff cannot set county profiles");
});

test('the people list is scoped, filtered, paged and sorted', async () => {
  const staff = await login('13800000011');
  const all = await bodies(staff);
  let r = await staff.request('GET', '/api/v1/users?role=member&limit=25');
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 60);
  assert.equal(r.data.items.length, 25);
  assert.ok(r.data.items.every((p) => !p.masked && /^1390000\d{4}$/.test(p.phone)));
  assert.ok(r.data.items.every((p) => p.roles.some((x) => x.role === 'member' && x.unit_name === '示范县')));
  const page2 = await staff.request('GET', '/api/v1/users?role=member&limit=25&offset=25');
  assert.equal(page2.data.items.length, 25);
  assert.ok(!page2.data.items.some((p) => r.data.items.some((q) => q.id === p.id)), 'pages do not overlap');
  const sector = all.find((b) => b.kind === 'sector' && b.name === '乡贤界');
  r = await staff.request('GET', `/api/v1/users?sector=${sector.id}&limit=100`);
  assert.equal(r.data.total, sector.members);
  assert.ok(r.data.items.every((p) => p.sector === '乡贤界'));
  const group = all.find((b) => b.kind === 'activity_group' && b.unit_name === '桃源镇');
  r = await staff.request('GET', `/api/v1/users?group=${group.id}&limit=100`);
  assert.ok(r.data.total >= 7 && r.data.items.every((p) => p.group === '桃源镇委员活动组'));
  r = await staff.request('GET', '/api/v1/users?q=13900000007');
  assert.equal(r.data.total, 1);
  assert.equal(r.data.items[0].phone, '13900000007');
  r = await staff.request('GET', '/api/v1/users?role=member&sort=-phone&limit=1');
  assert.equal(r.data.items[0].phone, '13900000060');
  r = await staff.request('GET', '/api/v1/users?role=member&sort=phone&limit=1');
  assert.equal(r.data.items[0].phone, '13900000001');
  r = await staff.request('GET', '/api/v1/users?sort=password');
  assert.equal(r.status, 400);
  r = await staff.request('GET', '/api/v1/users?role=emperor');
  assert.equal(r.status, 400);
  // A township's staff see their township only.
  const townStaff = await login('13800000101');
  r = await townStaff.request('GET', '/api/v1/users?limit=200');
  assert.equal(r.status, 200);
  assert.ok(r.data.total > 0);
  assert.ok(r.data.items.every((p) => p.roles.every((x) => x.role !== 'member')), 'county members are outside');
  const county = await unitNamed(townStaff, '示范县');
  r = await townStaff.request('GET', `/api/v1/users?unit=${county.id}`);
  assert.equal(r.status, 403);
});

test('a leader sees the list masked and may not search names or phones; residents may not list', async () => {
  const leader = await login('13800000010');
  let r = await leader.request('GET', '/api/v1/users?role=member&limit=5');
  assert.equal(r.status, 200);
  assert.equal(r.data.total, 60);
  for (const p of r.data.items) {
    assert.equal(p.masked, true);
    assert.match(p.phone, /^139\*\*\*\*\d{4}$/);
    assert.match(p.name, /\*/);
  }
  r = await leader.request('GET', '/api/v1/users?q=139');
  assert.equal(r.status, 403);
  const resident = await login('13700000001');
  r = await resident.request('GET', '/api/v1/users');
  assert.equal(r.status, 403);
  r = await new Client(server.base).request('GET', '/api/v1/users');
  assert.equal(r.status, 401);
});
