// The audit log over HTTP and on the command line: every change writes a
// row; administrators and leaders browse and filter it within their scope;
// `xieshang audit verify` passes an intact chain and names the row someone
// removed or altered behind the server's back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, cli, BACKEND, DEMO_ADMIN, DEMO_PASSWORD } from './helpers.mjs';

let server, root, units;
before(async () => {
  server = await startServer({ demo: true });
  root = new Client(server.base);
  assert.equal((await root.login(DEMO_ADMIN, DEMO_PASSWORD)).status, 201);
  const make = async (parent_id, kind, name) =>
    (await root.request('POST', '/api/v1/units', { json: { parent_id, kind, name } })).data;
  // Audit row 1 is the demo data's load, 2 the administrator's log-in.
  const p = await make(undefined, 'province', '戊省');      // audit row 3
  const c = await make(p.id, 'city', '戊市');               // 4
  const k = await make(c.id, 'county', '戊县');             // 5
  const t = await make(k.id, 'township', '戊镇');           // 6
  await root.request('PATCH', `/api/v1/units/${t.id}`, { json: { name: '戊街道' } }); // 7
  units = { p, c, k, t };
});
after(async () => { await server.stop(); });

// Run SQL on the server's database directly, as an intruder would.
function sql(statements) {
  if (BACKEND === 'postgres') execFileSync('psql', ['-q', server.url, '-c', statements]);
  else execFileSync('sqlite3', [server.url.replace(/^sqlite:/, ''), statements]);
}

test('changes are logged with who, role, unit, before and after', async () => {
  let r = await root.request('GET', '/api/v1/audit?action=unit.rename');
  assert.equal(r.status, 200);
  assert.equal(r.data.items.length, 1);
  const row = r.data.items[0];
  assert.equal(row.role, 'admin');
  assert.equal(row.object_type, 'unit');
  assert.equal(row.object_id, units.t.id);
  assert.equal(row.unit_id, units.t.id);
  assert.equal(row.before.name, '戊镇');
  assert.equal(row.after.name, '戊街道');
  assert.equal(row.client_addr, '127.0.0.1');
  assert.match(row.hash, /^[0-9a-f]{64}$/);
  r = await root.request('GET', '/api/v1/audit');
  assert.deepEqual(r.data.items.map((x) => x.id), [7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(r.data.items.slice(5).map((x) => x.action), ['session.login', 'demo.load']);
  assert.equal(r.data.items[6].prev_hash, '0'.repeat(64));
  assert.equal(r.data.items[5].prev_hash, r.data.items[6].hash);
  r = await root.request('GET', `/api/v1/audit?object_type=unit&object_id=${units.k.id}`);
  assert.deepEqual(r.data.items.map((x) => x.action), ['unit.create']);
  r = await root.request('GET', `/api/v1/audit?limit=2&offset=1&user=${row.user_id}`);
  assert.deepEqual(r.data.items.map((x) => x.id), [6, 5]);
  r = await root.request('GET', `/api/v1/audit?from=${row.at + 1}`);
  assert.equal(r.data.items.length, 0);
  r = await root.request('GET', `/api/v1/audit?to=${row.at + 1}&action=unit.create`);
  assert.equal(r.data.items.length, 4);
  r = await root.request('GET', '/api/v1/audit?limit=0');
  assert.equal(r.status, 400);
});

test('a leader reads the log of its own subtree only; others may not read it', async () => {
  const wang = new Client(server.base);
  await wang.login('13800000002', DEMO_PASSWORD);
  const wangId = (await wang.request('GET', '/api/v1/session')).data.user.id;
  let r = await root.request('POST', `/api/v1/users/${wangId}/roles`, { json: { role: 'leader', unit_id: units.k.id } });
  assert.equal(r.status, 201);
  r = await wang.request('GET', '/api/v1/audit');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.items.map((x) => x.action), ['role.grant', 'unit.rename', 'unit.create', 'unit.create']);
  r = await wang.request('GET', `/api/v1/audit?unit=${units.p.id}`);
  assert.equal(r.status, 403);
  r = await wang.request('GET', `/api/v1/audit?unit=${units.t.id}`);
  assert.equal(r.status, 200);

  const li = new Client(server.base);
  await li.login('13800000003', DEMO_PASSWORD);
  const liId = (await li.request('GET', '/api/v1/session')).data.user.id;
  assert.equal((await li.request('GET', '/api/v1/audit')).status, 403);
  r = await root.request('POST', `/api/v1/users/${liId}/roles`, { json: { role: 'staff', unit_id: units.k.id } });
  assert.equal(r.status, 201);
  r = await li.request('GET', '/api/v1/audit');
  assert.equal(r.status, 403, 'staff have no audit.read');
  const anon = new Client(server.base);
  assert.equal((await anon.request('GET', '/api/v1/audit')).status, 401);
});

test('a refused change writes nothing', async () => {
  const before = (await root.request('GET', '/api/v1/audit?limit=1')).data.items[0].id;
  let r = await root.request('POST', '/api/v1/units', { json: { parent_id: units.t.id, kind: 'county', name: '错' } });
  assert.equal(r.status, 400);
  r = await root.request('POST', `/api/v1/units/${units.k.id}/move`, { json: { parent_id: units.t.id } });
  assert.equal(r.status, 400);
  assert.equal((await root.request('GET', '/api/v1/audit?limit=1')).data.items[0].id, before);
});

test('audit verify passes the chain, then names a removed and an altered row', async () => {
  let r = cli(['audit', 'verify', '--db', server.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /intact: 11 rows/); // 7, and the log-ins above
  assert.equal(cli(['audit', '--help']).status, 0);
  assert.equal(cli(['audit', 'check', '--db', server.url]).status, 64);
  // The table refuses the change while its guards stand.
  assert.throws(() => sql('DELETE FROM audit_log WHERE id = 4'));
  const unguard = BACKEND === 'postgres'
    ? 'ALTER TABLE audit_log DISABLE TRIGGER USER;'
    : 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
  sql(`${unguard} DELETE FROM audit_log WHERE id = 4;`);
  r = cli(['audit', 'verify', '--db', server.url]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /row 4 was removed/);
  sql(`UPDATE audit_log SET after_summary = '{"name":"假"}' WHERE id = 2;`);
  r = cli(['audit', 'verify', '--db', server.url]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /row 2 was altered/);
});
