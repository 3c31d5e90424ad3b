// GET /api/v1/audit/verify: the hash chain's state for administrators,
// the same walk as `xieshang audit verify`; a leader of one county and a
// township's staff are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, BACKEND, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server, admin;
before(async () => {
  server = await startServer({ demo: true });
  admin = new Client(server.base);
  assert.equal((await admin.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  const p = await admin.request('POST', '/api/v1/units', { json: { kind: 'province', name: '验省' } });
  await admin.request('POST', '/api/v1/units', { json: { parent_id: p.data.id, kind: 'city', name: '验市' } });
  await admin.request('PATCH', `/api/v1/units/${p.data.id}`, { json: { name: '验证省' } });
});
after(async () => { await server.stop(); });

function sql(statements) {
  if (BACKEND === 'postgres') execFileSync('psql', ['-q', server.url, '-c', statements]);
  else execFileSync('sqlite3', [server.url.replace(/^sqlite:/, ''), statements]);
}

test('only administrators at the root may ask', async () => {
  for (const phone of ['13800000010', '13800000101']) {
    const c = new Client(server.base);
    assert.equal((await c.login(phone, DEMO_PASSWORD)).status, 201);
    const r = await c.request('GET', '/api/v1/audit/verify');
    assert.equal(r.status, 403, phone);
    assert.equal(r.data.error.code, 'forbidden');
  }
  const r = await new Client(server.base).request('GET', '/api/v1/audit/verify');
  assert.equal(r.status, 401);
});

test('an intact chain, then the altered row is named', async () => {
  // Every row so far: the demo load, log-ins and the three unit changes.
  const newest = (await admin.request('GET', '/api/v1/audit?limit=1')).data.items[0].id;
  const created = (await admin.request('GET', '/api/v1/audit?action=unit.create')).data.items;
  const victim = created[created.length - 1].id;
  let r = await admin.request('GET', '/api/v1/audit/verify');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data, { intact: true, rows: newest, bad_id: null, problem: null });
  // An intruder lifts the table's guards and edits a row.
  const unguard = BACKEND === 'postgres'
    ? 'ALTER TABLE audit_log DISABLE TRIGGER USER;'
    : 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
  sql(`${unguard} UPDATE audit_log SET after_summary = '{"name":"假"}' WHERE id = ${victim};`);
  r = await admin.request('GET', '/api/v1/audit/verify');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data, { intact: false, rows: r.data.rows, bad_id: victim, problem: 'altered' });
});

test('rows name who acted: in full for the administrator, masked for a leader', async () => {
  let r = await admin.request('GET', '/api/v1/audit?action=unit.rename&limit=1');
  assert.equal(r.status, 200);
  assert.equal(r.data.items[0].user_name, '系统管理员');
  const county = (await admin.request('GET', `/api/v1/units?kind=county&q=${encodeURIComponent('示范县')}`)).data.items[0];
  await admin.request('POST', '/api/v1/units', { json: { parent_id: county.id, kind: 'township', name: '署名镇' } });
  const leader = new Client(server.base);
  assert.equal((await leader.login('13800000010', DEMO_PASSWORD)).status, 201);
  r = await leader.request('GET', '/api/v1/audit?action=unit.create');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 1, 'the leader sees the row of their county only');
  assert.equal(r.data.items[0].user_id, 1);
  assert.equal(r.data.items[0].user_name, '系****');
});
