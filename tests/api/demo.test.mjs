// The demo county (`make run`): its tree, and the demo logins of the README
// acting in their roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

async function as(phone) {
  const c = new Client(server.base);
  const r = await c.login(phone, DEMO_PASSWORD);
  assert.equal(r.status, 201, `${phone}: ${r.text}`);
  return c;
}

test('the demo county has 8 townships, 40 villages and communities, 3 departments', async () => {
  const r = await fetch(`${server.base}/api/v1/units/tree`).then((x) => x.json());
  assert.equal(r.units.length, 1);
  const county = r.units[0].children[0].children[0];
  assert.equal(county.name, '示范县');
  const townships = county.children.filter((u) => u.kind === 'township');
  assert.equal(townships.length, 8);
  assert.equal(townships.reduce((n, t) => n + t.children.length, 0), 40);
  assert.equal(county.children.filter((u) => u.kind === 'enterprise').length, 3);
  const page = await fetch(`${server.base}/api/v1/units?kind=village&limit=1`).then((x) => x.json());
  assert.equal(page.total, 40);
});

test('demo logins hold their roles', async () => {
  const expect = {
    13800000010: ['leader', '示范县'],
    13800000011: ['staff', '示范县'],
    13800000101: ['staff', '城关街道'],
    13800000108: ['staff', '石门乡'],
    13800000201: ['department', '县住房和城乡建设局'],
    13900000001: ['member', '示范县'],
    13700000001: ['resident', '府前社区'],
    13700000200: ['resident', '云峰村'],
  };
  for (const [phone, [role, unit]] of Object.entries(expect)) {
    const c = await as(phone);
    const s = (await c.request('GET', '/api/v1/session')).data;
    const roles = (await c.request('GET', `/api/v1/users/${s.user.id}`)).status;
    assert.equal(roles, 200);
    assert.equal(s.roles.length, 1, phone);
    assert.equal(s.roles[0].role, role, phone);
    const u = await c.request('GET', `/api/v1/units/${s.roles[0].unit_id}`);
    assert.equal(u.data.name, unit, phone);
  }
});

test('the leader reads the log; township staff add residents in their own township', async () => {
  const leader = await as('13800000010');
  assert.equal((await leader.request('GET', '/api/v1/audit')).status, 200);
  const staff = await as('13800000101');
  const villages = (await staff.request('GET', '/api/v1/units?kind=village&limit=100')).data.items;
  const own = villages.find((v) => v.name === '府前社区');
  const other = villages.find((v) => v.name === '石门村');
  let r = await staff.request('POST', '/api/v1/users', { json: { phone: '13500000001', name: '新居民', password: 'Resident#2026', unit_id: own.id } });
  assert.equal(r.status, 201, r.text);
  r = await staff.request('POST', '/api/v1/users', { json: { phone: '13500000002', name: '外居民', password: 'Resident#2026', unit_id: other.id } });
  assert.equal(r.status, 403);
});
